// Parsing five-field cron expressions into lookup tables, with Debian cron / cronsim semantics.
//
// Syntax: minute hour day-of-month month day-of-week; `*`, lists, ranges, steps (`*/15`, `1-10/2`,
// `5/15` = 5-max/15), month and weekday names (jan, MON), 7 = Sunday, and the macros @yearly
// @annually @monthly @weekly @daily @midnight @hourly. When both day fields are restricted (neither
// starts with `*`), a day matches if EITHER matches; otherwise both must.
//
// Pure. nextCronAfter (cron.ts) walks the tables.
import { MAX_MONTH_DAYS } from './calendar.js'

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
