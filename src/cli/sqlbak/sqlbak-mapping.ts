// SqlBak's servers, jobs and job runs as Backwatch's servers, jobs and run reports (pure: the
// sync sends what these return). Jobs are `sqlbak-<id>` (a rename in SqlBak keeps the job), runs
// carry a rid derived from the SqlBak run id, so sending one twice updates it instead of adding one.
import { createHash } from 'node:crypto'
import { iso } from '../../domain/job-alerts.js'
import type { SqlBakObject } from './sqlbak-client.js'

const SERVER_NAME_RE = /^[A-Za-z0-9._-]+$/

function text(v: unknown): string | null {
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : typeof v === 'number' ? String(v) : null
}

function ms(v: unknown): number | null {
  const n = typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v
  return typeof n === 'number' && Number.isFinite(n) && n > 0 ? n : null
}

/** Backwatch names for SqlBak's servers by id: letters, digits, `.-_`; a clash gets the id. */
export function serverNames(servers: SqlBakObject[]): Map<string, string> {
  const base = servers.map((s) => {
    const name = (text(s.name) ?? `sqlbak-server-${text(s.id)}`).replace(/[^A-Za-z0-9._-]+/g, '-')
    return [
      text(s.id) ?? '',
      name.replace(/^-+|-+$/g, '').slice(0, 150) || `sqlbak-server-${text(s.id)}`,
    ] as const
  })
  const count = new Map<string, number>()
  for (const [, n] of base) count.set(n.toLowerCase(), (count.get(n.toLowerCase()) ?? 0) + 1)
  return new Map(base.map(([id, n]) => [id, count.get(n.toLowerCase())! > 1 ? `${n}-${id}` : n]))
}

export function isValidServerName(name: string): boolean {
  return SERVER_NAME_RE.test(name) && name.length <= 200
}

export function jobSlug(job: SqlBakObject): string {
  return `sqlbak-${String(text(job.id))
    .replace(/[^a-z0-9_-]/gi, '-')
    .toLowerCase()}`
}

/**
 * The retention the job's destinations keep, as Backwatch's `full_days`/`incremental_days`: the
 * weakest destination counts (a month is 30 days, as in the article). null when none says.
 */
export function retentionOf(settings: unknown): { full_days?: number; incremental_days?: number } | null {
  const data = (settings as { data?: { destinations?: unknown } } | null)?.data
  const destinations = Array.isArray(data?.destinations) ? (data.destinations as SqlBakObject[]) : []
  const days = (months: unknown, d: unknown) => {
    const m = typeof months === 'number' ? months : 0
    const n = typeof d === 'number' ? d : 0
    return m === 0 && n === 0 ? null : m * 30 + n
  }
  const full = destinations.map((x) => days(x.full_backups_keep_months, x.full_backups_keep_days))
  const inc = destinations.map((x) => days(x.inc_backups_keep_months, x.inc_backups_keep_days))
  const min = (xs: (number | null)[]) => {
    const set = xs.filter((x): x is number => x !== null)
    return set.length === 0 ? undefined : Math.min(...set)
  }
  const out = { full_days: min(full), incremental_days: min(inc) }
  if (out.full_days === undefined && out.incremental_days === undefined) return null
  return Object.fromEntries(Object.entries(out).filter(([, v]) => v !== undefined))
}

/** SqlBak's run status as a Backwatch run status; null for one Backwatch does not record. */
export function runStatus(status: unknown): 'succeeded' | 'warning' | 'failed' | 'running' | null {
  const s = (text(status) ?? '').toLowerCase()
  if (s === 'succeeded' || s === 'success' || s === 'ok' || s === 'completed') return 'succeeded'
  if (s === 'warning' || s === 'succeeded_with_warnings') return 'warning'
  if (s === 'failed' || s === 'error' || s === 'failure') return 'failed'
  if (s === 'running' || s === 'in_progress' || s === 'started') return 'running'
  return null
}

/** A UUID derived from the SqlBak account and run id: the same run always gets the same rid. */
export function runRid(apiBase: string, runId: string): string {
  const h = createHash('sha256').update(`sqlbak:${apiBase}:${runId}`).digest('hex')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((Number.parseInt(h[16]!, 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`
}

/** The run's size: archive_size, else size (bytes), as the article reads it. */
export function runSize(run: SqlBakObject): number | null {
  for (const v of [run.archive_size, run.size])
    if (typeof v === 'number' && Number.isSafeInteger(v) && v > 0) return v
  return null
}

/** The error line of a run's log (`/jobruns/{id}/logs`): the last error entry, else the last line. */
export function errorOfLog(log: unknown): { error: string | null; log: string | null } {
  const data = (log as { data?: unknown } | null)?.data
  let lines: { text: string; error: boolean }[] = []
  if (typeof data === 'string')
    lines = data.split('\n').map((t) => ({ text: t, error: /error|fail/i.test(t) }))
  else {
    const list = Array.isArray(data) ? data : (data as { list?: unknown } | undefined)?.list
    if (Array.isArray(list))
      lines = list.map((e: SqlBakObject) => ({
        text: text(e.message) ?? text(e.text) ?? '',
        error: /error|fail/i.test(text(e.level) ?? text(e.type) ?? ''),
      }))
  }
  lines = lines.filter((l) => l.text.trim() !== '')
  if (lines.length === 0) return { error: null, log: null }
  const err = [...lines].reverse().find((l) => l.error) ?? lines[lines.length - 1]!
  return {
    error: err.text.trim().slice(0, 1000),
    log: lines
      .map((l) => l.text)
      .join('\n')
      .slice(-64_000),
  }
}

export interface RunReportBody {
  job: string
  server: string | null
  rid: string
  status: 'succeeded' | 'warning' | 'failed' | 'running'
  source: 'sqlbak'
  started_at?: string
  finished_at?: string
  size_bytes?: number
  error?: string
  log?: string
}

/** The run report for a SqlBak job run, or null for a run Backwatch does not record. */
export function runReport(
  apiBase: string,
  run: SqlBakObject,
  slug: string,
  server: string | null,
  log: { error: string | null; log: string | null } = { error: null, log: null },
): RunReportBody | null {
  const id = text(run.id)
  const status = runStatus(run.status)
  if (id === null || status === null) return null
  const started = ms(run.started_at)
  const finished = status === 'running' ? null : ms(run.finished_at)
  const size = runSize(run)
  return {
    job: slug,
    server,
    rid: runRid(apiBase, id),
    status,
    source: 'sqlbak',
    ...(started !== null && { started_at: iso(started) }),
    ...(finished !== null && (started === null || finished >= started) && { finished_at: iso(finished) }),
    ...(size !== null && { size_bytes: size }),
    ...(log.error !== null && { error: log.error }),
    ...(log.log !== null && { log: log.log }),
  }
}
