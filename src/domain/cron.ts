// Five-field cron expressions evaluated in an IANA time zone, with Debian cron / cronsim semantics.
//
// Syntax: minute hour day-of-month month day-of-week; `*`, lists, ranges, steps (`*/15`, `1-10/2`,
// `5/15` = 5-max/15), month and weekday names (jan, MON), 7 = Sunday, and the macros @yearly
// @annually @monthly @weekly @daily @midnight @hourly. When both day fields are restricted (neither
// starts with `*`), a day matches if EITHER matches; otherwise both must.
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

export class CronError extends Error {}

export interface CronExpr {
  /** The expression as given to parseCron. */
  readonly source: string
  /** The five fields after macro expansion, space-separated. */
  readonly fields: string
  /** Index 0-59: the first matching minute >= index, or -1 (index 60 is always -1). */
  readonly nextMinute: Int8Array
  /** Index 0-23: the first matching hour >= index, or -1 (index 24 is always -1). */
  readonly nextHour: Int8Array
  /** Index 1-12: the first matching month >= index, or -1 (index 13 is always -1). */
  readonly nextMonth: Int8Array
  /** Index 1-31: 1 when the day of month is listed. */
  readonly daysOfMonth: Uint8Array
  /** Index 0-6 (0 = Sunday): 1 when the weekday is listed. */
  readonly daysOfWeek: Uint8Array
  /** true: a day matches when day-of-month OR day-of-week matches (both restricted). */
  readonly dayOr: boolean
  /** true when the minute or hour field starts with `*` (see the DST rules above). */
  readonly wildcardTime: boolean
}

const MINUTE_MS = 60_000
const HOUR_MS = 3_600_000
const DAY_MS = 86_400_000
/** The Gregorian calendar repeats every 400 years: a possible match always occurs within that. */
const HORIZON_MS = 401 * 366 * DAY_MS

const MACROS: Record<string, string> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
}

interface FieldSpec {
  name: string
  min: number
  max: number
  names?: readonly string[]
  /** value the first name maps to */
  nameBase?: number
}

const MONTH_NAMES = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec']
const DAY_NAMES = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat']
const FIELDS: readonly FieldSpec[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day-of-month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: MONTH_NAMES, nameBase: 1 },
  { name: 'day-of-week', min: 0, max: 7, names: DAY_NAMES, nameBase: 0 },
]
/** Longest month length (leap years included) for months 1-12. */
const MAX_MONTH_DAYS = [0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

class FieldError extends Error {}

function parseValue(text: string, spec: FieldSpec): number {
  let value: number
  if (/^\d{1,4}$/.test(text)) value = Number(text)
  else {
    const idx = spec.names ? spec.names.indexOf(text.toLowerCase()) : -1
    if (idx < 0) throw new FieldError(`${spec.name} "${text}" is not a number`)
    value = idx + (spec.nameBase ?? 0)
  }
  if (value < spec.min || value > spec.max) {
    throw new FieldError(`${spec.name} ${value} out of range ${spec.min}-${spec.max}`)
  }
  return value
}

/** The set of values a field allows, as a flag array indexed by value. */
function parseField(text: string, spec: FieldSpec): Uint8Array {
  const out = new Uint8Array(spec.max + 1)
  for (const part of text.split(',')) {
    const slash = part.indexOf('/')
    const rangeText = slash < 0 ? part : part.slice(0, slash)
    let step = 1
    if (slash >= 0) {
      const stepText = part.slice(slash + 1)
      if (!/^\d{1,4}$/.test(stepText) || Number(stepText) === 0) {
        throw new FieldError(`${spec.name} step "${stepText}" must be a positive integer`)
      }
      step = Number(stepText)
    }
    let from: number
    let to: number
    if (rangeText === '*') {
      from = spec.min
      to = spec.max
    } else {
      const dash = rangeText.indexOf('-')
      if (dash < 0) {
        from = parseValue(rangeText, spec)
        to = slash >= 0 ? spec.max : from
      } else {
        from = parseValue(rangeText.slice(0, dash), spec)
        to = parseValue(rangeText.slice(dash + 1), spec)
        if (to < from) throw new FieldError(`${spec.name} range ${rangeText} is reversed`)
      }
    }
    for (let v = from; v <= to; v += step) out[v] = 1
  }
  return out
}

/** next[i] = first index >= i (from `from`) with flags[index] set, or -1; length flags.length + 1. */
function nextTable(flags: Uint8Array, from: number): Int8Array {
  const next = new Int8Array(flags.length + 1).fill(-1)
  for (let i = flags.length - 1; i >= from; i--) next[i] = flags[i] ? i : next[i + 1]!
  return next
}

export function parseCron(expr: string): CronExpr {
  // The message is exactly what users see (README); the reason stays available as `cause`.
  const invalid = (reason: string) => new CronError(`invalid cron expression "${expr}"`, { cause: reason })
  const trimmed = expr.trim()
  const expanded = trimmed.startsWith('@') ? MACROS[trimmed.toLowerCase()] : trimmed
  if (expanded === undefined) throw invalid(`unknown macro ${trimmed}`)
  const parts = expanded.split(/\s+/)
  if (parts.length !== 5) throw invalid(`expected 5 fields, got ${expanded === '' ? 0 : parts.length}`)
  const sets: Uint8Array[] = []
  for (let i = 0; i < 5; i++) {
    try {
      sets.push(parseField(parts[i]!, FIELDS[i]!))
    } catch (err) {
      if (err instanceof FieldError) throw invalid(err.message)
      throw err
    }
  }
  const [minutes, hours, dom, months, dowRaw] = sets as [
    Uint8Array,
    Uint8Array,
    Uint8Array,
    Uint8Array,
    Uint8Array,
  ]
  const dow = new Uint8Array(7)
  for (let d = 0; d <= 7; d++) if (dowRaw[d]) dow[d % 7] = 1

  const dayOr = !parts[2]!.startsWith('*') && !parts[4]!.startsWith('*')
  // With OR semantics some weekday always matches. Otherwise a listed day of month must fit in a
  // listed month; every such date falls on every weekday within a 400-year cycle.
  if (!dayOr) {
    let possible = false
    for (let m = 1; m <= 12 && !possible; m++) {
      if (!months[m]) continue
      for (let d = 1; d <= MAX_MONTH_DAYS[m]!; d++) {
        if (dom[d]) {
          possible = true
          break
        }
      }
    }
    if (!possible) throw new CronError(`cron expression "${expr}" never fires`)
  }

  return {
    source: expr,
    fields: parts.join(' '),
    nextMinute: nextTable(minutes, 0),
    nextHour: nextTable(hours, 0),
    nextMonth: nextTable(months, 1),
    daysOfMonth: dom,
    daysOfWeek: dow,
    dayOr,
    wildcardTime: parts[0]!.startsWith('*') || parts[1]!.startsWith('*'),
  }
}

// ---------------------------------------------------------------------------------------------
// Wall-clock matching (no time zone involved)

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28
  return MAX_MONTH_DAYS[month]!
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year
  const era = Math.floor(y / 400)
  const yoe = y - era * 400
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy
  return era * 146097 + doe - 719468
}

/** Year of a day number (inverse of daysFromCivil, year part only). */
function yearOfDays(days: number): number {
  const z = days + 719468
  const era = Math.floor(z / 146097)
  const doe = z - era * 146097
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  )
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100))
  const mp = Math.floor((5 * doy + 2) / 153)
  return yoe + era * 400 + (mp >= 10 ? 1 : 0)
}

/** First matching wall minute >= `start` (minute-aligned) and < `limit`, or null. */
function nextWallMatch(expr: CronExpr, start: number, limit: number): number | null {
  const { nextMonth, nextHour, nextMinute, daysOfMonth, daysOfWeek, dayOr } = expr
  let dayNum = Math.floor(start / DAY_MS)
  const msOfDay = start - dayNum * DAY_MS
  let hour = Math.floor(msOfDay / HOUR_MS)
  let minute = Math.floor((msOfDay - hour * HOUR_MS) / MINUTE_MS)
  let year = yearOfDays(dayNum)
  let month = 1
  let monthStart = daysFromCivil(year, 1, 1)
  let monthDays = 31
  while (dayNum >= monthStart + monthDays) {
    monthStart += monthDays
    month++
    monthDays = daysInMonth(year, month)
  }
  let day = dayNum - monthStart + 1
  const lastYear = yearOfDays(Math.floor(limit / DAY_MS))
  for (;;) {
    const m = nextMonth[month]!
    if (m !== month || day > monthDays) {
      // on to the first day of the next listed month (nextMonth[13] is -1)
      let next = m === month ? nextMonth[month + 1]! : m
      if (next < 0) {
        year++
        next = nextMonth[1]!
      }
      month = next
      if (year > lastYear) return null
      day = 1
      hour = 0
      minute = 0
      monthDays = daysInMonth(year, month)
      dayNum = daysFromCivil(year, month, 1)
      continue
    }
    const domOk = daysOfMonth[day] === 1
    const dayOk =
      dayOr && domOk ? true : !dayOr && !domOk ? false : daysOfWeek[(((dayNum + 4) % 7) + 7) % 7] === 1
    const h = dayOk ? nextHour[hour]! : -1
    if (h < 0) {
      day++
      dayNum++
      hour = 0
      minute = 0
      continue
    }
    if (h !== hour) {
      hour = h
      minute = 0
    }
    const mi = nextMinute[minute]!
    if (mi < 0) {
      hour++
      minute = 0
      if (hour === 24) {
        day++
        dayNum++
        hour = 0
      }
      continue
    }
    const wall = dayNum * DAY_MS + hour * HOUR_MS + mi * MINUTE_MS
    return wall < limit ? wall : null
  }
}

// ---------------------------------------------------------------------------------------------
// Time zones: UTC offsets from Intl, cached as per-year transition tables

const SAMPLE_MS = 2 * DAY_MS

interface YearTable {
  start: number
  end: number
  /** at[0] = start; at[i > 0] = instants where the offset changes to off[i] */
  at: number[]
  off: number[]
  /** the offset also changes exactly at `start` (relative to the previous year's end) */
  startsWithChange: boolean
}

class Zone {
  private readonly fmt: Intl.DateTimeFormat | null
  private readonly years = new Map<number, YearTable>()
  private last: YearTable | null = null

  constructor(tz: string) {
    const fmt = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    })
    const resolved = fmt.resolvedOptions().timeZone
    this.fmt = resolved === 'UTC' || resolved === 'Etc/UTC' || resolved === 'Etc/GMT' ? null : fmt
  }

  get isUtc(): boolean {
    return this.fmt === null
  }

  /** Offset (wall - instant) at a whole-second instant, straight from Intl. */
  private rawOffset(t: number): number {
    const digits = this.fmt!.format(t).match(/\d+/g)!
    const [mo, d, y, h, mi, s] = digits.map(Number) as [number, number, number, number, number, number]
    return Date.UTC(y, mo - 1, d, h, mi, s) - t
  }

  private table(year: number): YearTable {
    let table = this.years.get(year)
    if (table) return table
    const start = Date.UTC(year, 0, 1)
    const end = Date.UTC(year + 1, 0, 1)
    let curOff = this.rawOffset(start)
    const at = [start]
    const off = [curOff]
    let t = start
    while (t < end) {
      const next = Math.min(t + SAMPLE_MS, end)
      const nextOff = this.rawOffset(next)
      while (nextOff !== curOff) {
        // binary search, to the second, for the first instant in (t, next] with a new offset
        let lo = t
        let hi = next
        while (hi - lo > 1000) {
          const mid = lo + Math.floor((hi - lo) / 2000) * 1000
          if (this.rawOffset(mid) === curOff) lo = mid
          else hi = mid
        }
        curOff = this.rawOffset(hi)
        if (hi < end) {
          at.push(hi)
          off.push(curOff)
        }
        t = hi
      }
      t = next
    }
    table = { start, end, at, off, startsWithChange: this.rawOffset(start - 1000) !== off[0] }
    this.years.set(year, table)
    return table
  }

  private tableAt(t: number): YearTable {
    const last = this.last
    if (last !== null && t >= last.start && t < last.end) return last
    const table = this.table(new Date(t).getUTCFullYear())
    this.last = table
    return table
  }

  offsetAt(t: number): number {
    if (this.fmt === null) return 0
    const { at, off } = this.tableAt(t)
    for (let i = at.length - 1; i > 0; i--) if (t >= at[i]!) return off[i]!
    return off[0]!
  }

  /** First instant T with after < T <= notAfter where the offset changes, or null. */
  nextChange(after: number, notAfter: number): number | null {
    if (this.fmt === null) return null
    const lastYear = new Date(notAfter).getUTCFullYear()
    for (let year = new Date(after).getUTCFullYear(); year <= lastYear; year++) {
      const { at, startsWithChange } = this.table(year)
      for (let i = startsWithChange ? 0 : 1; i < at.length; i++) {
        const change = at[i]!
        if (change > notAfter) return null
        if (change > after) return change
      }
    }
    return null
  }

  /**
   * The instant a fixed-time job scheduled at `wall` fires: the first occurrence of that wall time,
   * or the first instant after the gap when the wall time does not exist.
   */
  firstInstant(wall: number): number {
    if (this.fmt === null) return wall
    // Every instant showing `wall` lies within 14 h of it; assume at most one change near it.
    const before = this.offsetAt(wall - 15 * HOUR_MS)
    const after = this.offsetAt(wall + 15 * HOUR_MS)
    const t1 = wall - before
    const t2 = wall - after
    const ok1 = this.offsetAt(t1) === before
    const ok2 = before !== after && this.offsetAt(t2) === after
    if (ok1 && ok2) return Math.min(t1, t2)
    if (ok1) return t1
    if (ok2) return t2
    return this.nextChange(wall - 15 * HOUR_MS, wall + 15 * HOUR_MS) ?? t2
  }
}

const zones = new Map<string, Zone | null>()

function zoneFor(tz: string): Zone | null {
  let zone = zones.get(tz)
  if (zone === undefined) {
    zone = null
    // Intl also accepts offsets like "+01:00" on newer engines; only names are time zones here.
    if (/^[A-Za-z]/.test(tz)) {
      try {
        zone = new Zone(tz)
      } catch {
        zone = null
      }
    }
    zones.set(tz, zone)
  }
  return zone
}

export function isValidTimeZone(tz: string): boolean {
  return zoneFor(tz) !== null
}

// ---------------------------------------------------------------------------------------------
// Next fire instant

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
