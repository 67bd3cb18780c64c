// Time zones: UTC offsets from Intl, cached as per-year transition tables. Instants are epoch
// milliseconds; "wall" values are local wall-clock times encoded as if they were UTC epoch ms.
import { DAY_MS, HOUR_MS } from './calendar.js'

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

export class Zone {
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

export function zoneFor(tz: string): Zone | null {
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
