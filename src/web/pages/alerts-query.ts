// The Alerts list's query string: status (active by default, or resolved), severity and the page
// cursor, so a filtered view is a link. A bad value is a 400 naming it.
import { SEVERITIES, type Severity } from '../../domain/types.js'
import { HttpError } from '../../http/http-error.js'
import { CursorError, decodeCursor } from '../../store/cursor.js'

export const ALERT_TABS = ['active', 'resolved'] as const

export interface AlertsQuery {
  status: (typeof ALERT_TABS)[number]
  severity?: Severity
  cursor?: string
}

const bad = (name: string, message: string) => new HttpError(400, 'invalid_request', `${name}: ${message}`)

function oneOf<T extends string>(name: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) throw bad(name, `must be one of ${allowed.join(', ')}`)
  return value as T
}

export function parseAlertsQuery(url: URL): AlertsQuery {
  const get = (name: string) => url.searchParams.get(name)?.trim() || undefined
  const status = get('status')
  const severity = get('severity')
  const cursor = get('cursor')
  const q: AlertsQuery = { status: status ? oneOf('status', status, ALERT_TABS) : 'active' }
  if (severity) q.severity = oneOf('severity', severity, SEVERITIES)
  if (cursor) {
    try {
      decodeCursor(cursor)
    } catch (err) {
      if (err instanceof CursorError)
        throw bad('cursor', 'not a page of this list: start from the first page')
      throw err
    }
    q.cursor = cursor
  }
  return q
}

/** "/alerts?status=resolved&severity=critical" for the query with `changes` applied. */
export function alertsHref(
  q: AlertsQuery,
  changes: Partial<Record<keyof AlertsQuery, string | undefined>> = {},
): string {
  const merged = { ...q, ...changes }
  const params = new URLSearchParams()
  if (merged.status && merged.status !== 'active') params.set('status', merged.status)
  if (merged.severity) params.set('severity', merged.severity)
  if (merged.cursor) params.set('cursor', merged.cursor)
  const s = params.toString()
  return s ? `/alerts?${s}` : '/alerts'
}
