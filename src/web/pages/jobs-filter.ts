// The Jobs list's filters, read from and written to the query string (so a filtered view is a
// link): status, env, tag, server, q (search) and the page cursor. A bad value is a 400 naming it.
import type { JobStatus } from '../../domain/types.js'
import { JOB_STATUSES } from '../../domain/types.js'
import { HttpError } from '../../http/http-error.js'
import { CursorError, decodeCursor } from '../../store/cursor.js'
import type { JobFilter } from '../../store/roles/job-store.js'
import type { ServerStore } from '../../store/roles/server-store.js'

export interface JobsQuery {
  status?: JobStatus
  env?: string
  tag?: string
  server?: string
  q?: string
  cursor?: string
}

const FIELDS = ['status', 'env', 'tag', 'server', 'q', 'cursor'] as const

const bad = (name: string, message: string) => new HttpError(400, 'invalid_request', `${name}: ${message}`)

export function parseJobsQuery(url: URL): JobsQuery {
  const out: JobsQuery = {}
  for (const name of FIELDS) {
    const value = url.searchParams.get(name)?.trim()
    if (!value) continue
    if (value.length > 200 || /[\x00-\x1f]/.test(value))
      throw bad(name, 'too long or holds control characters')
    if (name === 'status') {
      if (!(JOB_STATUSES as readonly string[]).includes(value)) {
        throw bad(name, `must be one of ${JOB_STATUSES.join(', ')}`)
      }
      out.status = value as JobStatus
    } else if (name === 'cursor') {
      try {
        decodeCursor(value)
      } catch (err) {
        if (err instanceof CursorError) throw bad(name, 'not a page of this list: start from the first page')
        throw err
      }
      out.cursor = value
    } else out[name] = value
  }
  return out
}

/** "?status=down&q=db" for the query with `changes` applied (undefined drops a field). */
export function jobsHref(
  q: JobsQuery,
  changes: Partial<Record<keyof JobsQuery, string | undefined>> = {},
): string {
  const merged = { ...q, ...changes }
  const params = new URLSearchParams()
  for (const name of FIELDS) {
    const v = merged[name]
    if (v) params.set(name, v)
  }
  const s = params.toString()
  return s ? `/jobs?${s}` : '/jobs'
}

/** The store filter for a query: worst first; an unknown server is a 400. */
export async function jobFilterOf(store: ServerStore, q: JobsQuery): Promise<JobFilter> {
  const filter: JobFilter = { worstFirst: true }
  if (q.status) filter.status = q.status
  if (q.env) filter.environment = q.env
  if (q.tag) filter.tag = q.tag
  if (q.q) filter.search = q.q
  if (q.server) {
    const server = await store.getServer({ name: q.server })
    if (!server) throw bad('server', `unknown server ${JSON.stringify(q.server)}`)
    filter.server = server.id
  }
  return filter
}
