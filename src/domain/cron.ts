// Five-field cron expressions evaluated in an IANA time zone, with Debian cron / cronsim semantics.
//
// Time zones and DST (like Debian cron and Healthchecks' cronsim):
// - "Fixed-time" expressions (neither the minute nor the hour field starts with `*`, e.g. `30 2 * * *`)
//   are matched against wall-clock times. A wall time that does not exist (spring-forward gap) fires
//   once, at the first instant after the gap; a wall time that exists twice (fall-back) fires once,
//   at its first occurrence.
// - "Wildcard" expressions (the minute or the hour field starts with `*`, e.g. `*/15 * * * *`,
//   `0 * * * *`) fire at every real instant whose local wall-clock time matches: in both occurrences
//   of a repeated hour, and not at all for wall times that do not exist.
//
// Pure: no clock access. Instants are epoch milliseconds; "wall" values are local wall-clock times
// encoded as if they were UTC epoch milliseconds.
import { DAY_MS, HOUR_MS, MINUTE_MS } from './calendar.js'
import { CronError, type CronExpr } from './cron-parse.js'
import { nextWallMatch } from './cron-wall-match.js'
import { zoneFor } from './time-zone.js'

// The cron module's face: parse an expression, check a zone, find the next fire.
export { CronError, type CronExpr, parseCron } from './cron-parse.js'
export { isValidTimeZone } from './time-zone.js'

/** The Gregorian calendar repeats every 400 years: a possible match always occurs within that. */
const HORIZON_MS = 401 * 366 * DAY_MS

function ceilMinute(t: number): number {
  return Math.ceil(t / MINUTE_MS) * MINUTE_MS
}

function floorMinute(t: number): number {
  return Math.floor(t / MINUTE_MS) * MINUTE_MS
}

/** First instant strictly after `afterMs` at which `expr` fires in `tz`; null if none. Throws CronError on an unknown zone. */
export function nextCronAfter(expr: CronExpr, tz: string, afterMs: number): number | null {
  const zone = zoneFor(tz)
  if (zone === null) throw new CronError(`unknown time zone "${tz}"`)
  // Beyond ±8e15 ms (about year 255 000) Date and Intl run out of range.
  if (!Number.isFinite(afterMs) || Math.abs(afterMs) > 8e15) return null
  const limit = afterMs + HORIZON_MS
  if (zone.isUtc) return nextWallMatch(expr, ceilMinute(afterMs + 1), limit)

  if (expr.wildcardTime) {
    // Walk the offset segments: in each one, wall = instant + offset is a plain shift.
    let from = afterMs + 1 // inclusive
    for (;;) {
      const offset = zone.offsetAt(from)
      const wall = nextWallMatch(expr, ceilMinute(from + offset), limit + offset)
      if (wall === null) return null
      const candidate = wall - offset
      const change = zone.nextChange(from, candidate)
      if (change === null) return candidate
      from = change
    }
  }

  // Fixed-time: the fire instant is monotonic in the wall time, and every wall time before the
  // current one fires at or before `afterMs`.
  let wall = floorMinute(afterMs + zone.offsetAt(afterMs))
  for (;;) {
    const match = nextWallMatch(expr, wall, limit + 14 * HOUR_MS)
    if (match === null) return null
    const fire = zone.firstInstant(match)
    if (fire > afterMs) return fire
    wall = match + MINUTE_MS
  }
}
