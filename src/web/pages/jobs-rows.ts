// GET /live/job-rows?ids=3,1,2: the rows of those jobs, in that order, for the Jobs page's live
// refresh (app.js replaces each row by its data-id; nothing moves). An unchanged answer is a 304
// (ETag), and X-Backwatch-Down carries the count for the title and favicon.
import { createHash } from 'node:crypto'
import { HttpError } from '../../http/http-error.js'
import { jobRow, jobRows } from '../components/job-row.js'
import { downCount, fleetAlarm } from '../fleet-alarm.js'
import type { WebHandler } from '../web-route.js'
import { JOBS_PAGE_SIZE } from './jobs-page.js'

function parseIds(text: string | null): number[] {
  const parts = text ? text.split(',') : []
  if (parts.length > JOBS_PAGE_SIZE || parts.some((p) => !/^\d{1,15}$/.test(p))) {
    throw new HttpError(400, 'invalid_request', `ids: up to ${JOBS_PAGE_SIZE} job ids, comma-separated`)
  }
  return parts.map(Number)
}

export const jobsRows: WebHandler = async ({ url, req, res, now, head }, deps) => {
  const ids = parseIds(url.searchParams.get('ids'))
  const { store } = deps
  const [page, alarm] = await Promise.all([
    ids.length === 0 ? { items: [] } : store.listJobs({ ids }, { limit: ids.length, cursor: null }),
    fleetAlarm(store, now),
  ])
  const byId = new Map(page.items.map((j) => [j.id, j]))
  const jobs = ids.flatMap((id) => byId.get(id) ?? [])
  const body = (await jobRows(store, jobs)).map((r) => jobRow(r, now).toString()).join('')
  const down = String(downCount(alarm))
  const etag = `"${createHash('sha256').update(down).update('\n').update(body).digest('base64url').slice(0, 22)}"`
  const headers = { ETag: etag, 'Cache-Control': 'no-cache', 'X-Backwatch-Down': down }
  if (req.headers['if-none-match'] === etag) {
    res.writeHead(304, headers)
    return void res.end()
  }
  const buf = Buffer.from(body)
  res.writeHead(200, { ...headers, 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': buf.length })
  res.end(head ? undefined : buf)
}
