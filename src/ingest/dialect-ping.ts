// The pure pieces the non-Healthchecks dialects' URL parsers share (SPEC §2.2).
import type { PingSignal } from '../domain/ping.js'

/** What a dialect's URL parser yields: the job's uuid and the observation's dialect-specific parts. */
export type ParsedDialectPing =
  | {
      ok: true
      uuid: string
      signal: PingSignal
      /** the run's log when the request has no body (`?message=`, `?payload=`, `?msg=`) */
      log: string | null
      /** a duration the client measured, used when the end closes no open start */
      durationMs: number | null
    }
  | { ok: false; status: 400 | 404; body: string }

export const NOT_FOUND = { ok: false, status: 404, body: 'not found' } as const
export const BAD_URL = { ok: false, status: 400, body: 'invalid url format' } as const

/** Longest duration a client may claim; anything longer is ignored. */
const MAX_CLAIMED_DURATION_MS = 366 * 24 * 3_600_000

/** A client's non-negative decimal duration in units of `unitMs` ("12.5" s → 12500), or null. */
export function claimedDurationMs(value: string | null, unitMs: number): number | null {
  if (value === null || !/^[0-9]{1,12}(\.[0-9]{1,9})?$/.test(value)) return null
  const ms = Math.round(Number(value) * unitMs)
  return ms <= MAX_CLAIMED_DURATION_MS ? ms : null
}

/** The query parameter's value, with an empty one counted as absent. */
export function param(query: URLSearchParams, name: string): string | null {
  const value = query.get(name)
  return value === null || value === '' ? null : value
}
