// GET /live/job-rows?ids=3,1,2: the rows of those jobs, in that order, for the Jobs page's live
// refresh (app.js replaces each row by its data-id; nothing moves), sent as a live fragment.
import { HttpError } from '../../http/http-error.js'
import { jobRow, jobRows } from '../components/job-row.js'
import { downCount, fleetAlarm } from '../fleet-alarm.js'
import { sendFragment } from '../live-fragment.js'
import type { WebHandler } from '../web-route.js'
import { JOBS_PAGE_SIZE } from './jobs-page.js'

function parseIds(text: string | null): number[] {
  const parts = text ? text.split(',') : []
  if (parts.length > JOBS_PAGE_SIZE || parts.some((p) => !/^\d{1,15}$/.test(p))) {
    throw new HttpError(400, 'invalid_request', `ids: up to ${JOBS_PAGE_SIZE} job ids, comma-separated`)
  }
  return parts.map(Number)
}

export const jobsRows: WebHandler = async (ctx, deps) => {
  const ids = parseIds(ctx.url.searchParams.get('ids'))
  const { store } = deps
  const [page, alarm] = await Promise.all([
    ids.length === 0 ? { items: [] } : store.listJobs({ ids }, { limit: ids.length, cursor: null }),
    fleetAlarm(store, ctx.now),
  ])
  const byId = new Map(page.items.map((j) => [j.id, j]))
  const jobs = ids.flatMap((id) => byId.get(id) ?? [])
  const body = (await jobRows(store, jobs)).map((r) => jobRow(r, ctx.now).toString()).join('')
  sendFragment(ctx, body, downCount(alarm))
}
