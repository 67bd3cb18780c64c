// Plain values read from tool JSON: objects, strings and timestamps.

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/** A non-empty string (after trimming), else null. */
export function nonEmptyString(v: unknown): string | null {
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : null
}

// RFC 3339 / ISO 8601 date-time: borg 1.2 writes naive local time (`2026-11-22T05:32:04.000000`),
// restic 0.18 and Go's time.Time (resticprofile) write a zone (`…Z`, `…+01:00`) and up to nine
// fraction digits, which Date.parse does not promise to accept; hence a strict parser of our own.
const TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:[.,](\d{1,9}))?\s*([Zz]|[+-]\d{2}(?::?\d{2})?)?$/

/** Offsets beyond ±18 h do not exist. */
const MAX_OFFSET_MINUTES = 18 * 60

/**
 * Epoch ms of a timestamp. A zone in the text wins; a naive timestamp is converted only when
 * `utcOffsetMinutes` is given (local = UTC + offset, so New York in winter is -300: the negation
 * of JavaScript's getTimezoneOffset()). Returns null for anything else, including instants
 * before 1970 (Go's zero time `0001-01-01T00:00:00Z` means "never").
 */
export function parseTimestamp(value: unknown, utcOffsetMinutes?: number | null): number | null {
  if (typeof value !== 'string') return null
  const m = TIMESTAMP.exec(value.trim())
  if (!m) return null
  const [, y, mo, d, h, mi, s, frac, zone] = m
  const year = Number(y)
  const month = Number(mo)
  const day = Number(d)
  const hour = Number(h)
  const minute = Number(mi)
  const second = Number(s)
  if (year < 1970 || month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59)
    return null
  if (day > new Date(Date.UTC(year, month, 0)).getUTCDate()) return null
  let offset: number
  if (zone === undefined) {
    if (!isOffset(utcOffsetMinutes)) return null
    offset = utcOffsetMinutes
  } else if (zone === 'Z' || zone === 'z') {
    offset = 0
  } else {
    const digits = zone.slice(1).replace(':', '')
    const oh = Number(digits.slice(0, 2))
    const om = digits.length > 2 ? Number(digits.slice(2, 4)) : 0
    if (oh > 23 || om > 59) return null
    offset = (zone[0] === '-' ? -1 : 1) * (oh * 60 + om)
  }
  const ms = frac === undefined ? 0 : Number(frac.padEnd(3, '0').slice(0, 3))
  return Date.UTC(year, month - 1, day, hour, minute, second, ms) - offset * 60_000
}

function isOffset(v: number | null | undefined): v is number {
  return typeof v === 'number' && Number.isInteger(v) && Math.abs(v) <= MAX_OFFSET_MINUTES
}
