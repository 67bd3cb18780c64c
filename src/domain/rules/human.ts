// Numbers as a person reads them in an alert summary. Decimal byte units, UTC times, and ages
// rounded down to a whole number of minutes, hours or days.
import { formatDuration } from '../duration.js'

const MINUTE = 60_000
const HOUR = 3_600_000
const DAY = 86_400_000

/** An elapsed time, rounded down: "45 min" below an hour, "31 h" below 72 h, "4 d" above. */
export function humanAge(ms: number): string {
  const v = Number.isFinite(ms) ? Math.max(0, ms) : 0
  if (v < HOUR) return `${Math.floor(v / MINUTE)} min`
  if (v < 72 * HOUR) return `${Math.floor(v / HOUR)} h`
  return `${Math.floor(v / DAY)} d`
}

/**
 * A configured limit (a policy's max age, a declared retention): the unit humanAge would pick when
 * the value is a whole number of it ("24 h", "8 d", "45 min"), else the next smaller unit that is
 * exact ("84 h" for 3d12h, "90 min" for 1h30m), else the exact duration spelling ("1m30s").
 */
export function humanLimit(ms: number): string {
  const v = Math.max(0, ms)
  const units: [number, string][] = [
    [DAY, 'd'],
    [HOUR, 'h'],
    [MINUTE, 'min'],
  ]
  const start = v < HOUR ? 2 : v < 72 * HOUR ? 1 : 0
  for (let i = start; i < units.length; i++) {
    const [size, name] = units[i]!
    if (v % size === 0) return `${v / size} ${name}`
  }
  return formatDuration(v)
}

const BYTE_UNITS = ['B', 'kB', 'MB', 'GB', 'TB', 'PB', 'EB']

/** Decimal units: "0 B", "850 MB", "1.2 GB" (one decimal below 10, none from 10 up). */
export function humanBytes(n: number): string {
  if (!Number.isFinite(n)) return `${n} B`
  const sign = n < 0 ? '-' : ''
  let v = Math.abs(n)
  if (Math.round(v) < 1000) return `${sign}${Math.round(v)} B`
  let i = 0
  while (v >= 1000 && i < BYTE_UNITS.length - 1) {
    v /= 1000
    i++
  }
  let text = v < 9.95 ? v.toFixed(1) : String(Math.round(v))
  if (text === '1000' && i < BYTE_UNITS.length - 1) {
    i++
    text = '1'
  }
  return `${sign}${text.replace(/\.0$/, '')} ${BYTE_UNITS[i]}`
}

/** "2026-03-10 02:04 UTC" (seconds dropped, not rounded). */
export function utcMinute(ms: number): string {
  const s = new Date(ms).toISOString()
  return `${s.slice(0, 10)} ${s.slice(11, 16)} UTC`
}

/** A ratio with two significant digits: 0.31, 4.1, 12, 0 → "0.31×" etc. (without the ×). */
export function humanFactor(x: number): string {
  if (!Number.isFinite(x)) return String(x)
  return String(Number(x.toPrecision(2)))
}
