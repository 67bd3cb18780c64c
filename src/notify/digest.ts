// A digest channel's message (issue 5 item 3): the alerts still active at digest time are listed;
// alerts raised and resolved inside the window are not listed one by one but counted ("3 alerts
// opened and resolved within the hour"). Pure: the caller passes the window and the alerts.
import { formatDuration } from '../domain/duration.js'
import type { AlertView, Notification } from './notifier.js'
import { type ChannelRouting, matches } from './routing.js'

export interface DigestWindow {
  start: number
  end: number
}

export interface Digest {
  listed: AlertView[]
  counted: number
  summary: string
}

/** The window a digest sent at `now` covers: the last whole interval, aligned to the epoch. */
export function digestWindow(now: number, interval: number): DigestWindow {
  const end = Math.floor(now / interval) * interval
  return { start: end - interval, end }
}

const RANK = { critical: 0, warning: 1, info: 2 } as const

function windowWords(ms: number): string {
  return ms === 3_600_000 ? 'the hour' : ms === 86_400_000 ? 'the day' : `the last ${formatDuration(ms)}`
}

/**
 * `active`: alerts active at the window's end; `resolved`: alerts resolved within the window.
 * Null when there is nothing to say (no message is sent then).
 */
export function buildDigest(
  window: DigestWindow,
  active: AlertView[],
  resolved: AlertView[],
  routing: ChannelRouting,
): Digest | null {
  const listed = active
    .filter((a) => matches(a, routing))
    .sort((a, b) => RANK[a.severity] - RANK[b.severity] || a.opened_at.localeCompare(b.opened_at))
  const startIso = new Date(window.start).toISOString()
  const counted = resolved.filter((a) => matches(a, routing) && a.opened_at >= startIso.slice(0, 19)).length
  if (listed.length === 0 && counted === 0) return null
  const span = windowWords(window.end - window.start)
  const parts = [
    listed.length === 0
      ? 'No alert is active'
      : `${listed.length} alert${listed.length === 1 ? ' is' : 's are'} active: ${listed
          .map((a) => `[${a.severity.toUpperCase()}] ${a.summary}`)
          .join('; ')}`,
  ]
  if (counted > 0)
    parts.push(`${counted} alert${counted === 1 ? '' : 's'} opened and resolved within ${span}`)
  return { listed, counted, summary: `${parts.join('. ')}.` }
}

/** The digest as a notification every channel can send (one message; the alerts in details). */
export function digestNotification(
  digest: Digest,
  window: DigestWindow,
  key: string,
  baseUrl: string,
): Notification {
  const top = digest.listed[0]
  const at = new Date(window.end).toISOString()
  return {
    transition: 'digest',
    idempotencyKey: key,
    at,
    alert: {
      id: top?.id ?? 0,
      type: 'digest',
      severity: top?.severity ?? 'info',
      status: digest.listed.length > 0 ? 'active' : 'resolved',
      job: null,
      server: null,
      environment: null,
      tags: [],
      summary: digest.summary,
      details: {
        window_start: new Date(window.start).toISOString(),
        window_end: at,
        active: digest.listed.map((a) => ({
          id: a.id,
          type: a.type,
          severity: a.severity,
          job: a.job,
          server: a.server,
          summary: a.summary,
          opened_at: a.opened_at,
        })),
        opened_and_resolved: digest.counted,
      },
      opened_at: at,
      resolved_at: null,
      log_tail: null,
      url: `${baseUrl}/api/v1/alerts?status=active`,
    },
  }
}
