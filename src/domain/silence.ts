// Silences (issue 5 item 3): matchers with a time window. An alert a silence matches while it is
// in force is recorded but not sent; when the silence ends, the alerts still active are sent.
// Pure: the store keeps them, the outbox sink and the release consult these functions.
import { iso } from './job-alerts.js'

/** Each present list must contain the alert's value (tags: any of them); at least one is present. */
export interface SilenceMatchers {
  environment?: string[]
  tags?: string[]
  types?: string[]
  servers?: string[]
  jobs?: string[]
}

export const MATCHER_KEYS = ['environment', 'tags', 'types', 'servers', 'jobs'] as const

export type SilenceSource = 'config' | 'api'

/** What a silence matches an alert on (an alert as channels see it has these fields). */
export interface SilenceSubject {
  type: string
  job: string | null
  server: string | null
  environment: string | null
  tags: string[]
}

export interface SilenceRecord {
  id: number
  /** the project whose alerts it silences */
  projectId: number
  /** the identity of a silence declared in the config file; optional through the API */
  name: string | null
  match: SilenceMatchers
  startsAt: number
  endsAt: number
  author: string | null
  comment: string | null
  source: SilenceSource
  createdAt: number
  updatedAt: number
  /** its end was handled (the alerts still active were sent); null while pending or active */
  releasedAt: number | null
}

export type NewSilence = Omit<SilenceRecord, 'id' | 'projectId' | 'createdAt' | 'updatedAt' | 'releasedAt'>

export type SilenceState = 'pending' | 'active' | 'expired'

export function silenceState(s: Pick<SilenceRecord, 'startsAt' | 'endsAt'>, now: number): SilenceState {
  if (now >= s.endsAt) return 'expired'
  return now < s.startsAt ? 'pending' : 'active'
}

export function silenceMatches(alert: SilenceSubject, m: SilenceMatchers): boolean {
  if (m.environment && (alert.environment === null || !m.environment.includes(alert.environment)))
    return false
  if (m.servers && (alert.server === null || !m.servers.includes(alert.server))) return false
  if (m.jobs && (alert.job === null || !m.jobs.includes(alert.job))) return false
  if (m.types && !m.types.includes(alert.type)) return false
  if (m.tags && !alert.tags.some((t) => m.tags!.includes(t))) return false
  return MATCHER_KEYS.some((k) => m[k] !== undefined)
}

/** The silence in force at `now` that matches the alert (the one ending last), or null. */
export function silencing(
  alert: SilenceSubject,
  silences: SilenceRecord[],
  now: number,
): SilenceRecord | null {
  let found: SilenceRecord | null = null
  for (const s of silences) {
    if (silenceState(s, now) !== 'active' || !silenceMatches(alert, s.match)) continue
    if (found === null || s.endsAt > found.endsAt) found = s
  }
  return found
}

/** Why a notification was not sent, for the alert's notification history. */
export function describeSilence(s: SilenceRecord): string {
  const label = s.name === null ? `silence ${s.id}` : `silence "${s.name}"`
  const by = s.author
    ? ` (${s.author}${s.comment ? `: ${s.comment}` : ''})`
    : s.comment
      ? ` (${s.comment})`
      : ''
  return `silenced by ${label}${by} until ${iso(s.endsAt)}`
}
