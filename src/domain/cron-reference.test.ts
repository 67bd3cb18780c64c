// nextCronAfter against a brute-force reference around DST changes.
import { describe, expect, it } from 'vitest'
import { nextCronAfter, parseCron } from './cron.js'

const at = (iso: string) => Date.parse(iso)
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString().replace('.000Z', 'Z'))

describe('nextCronAfter', () => {
  it('agrees with a minute-by-minute reference around DST changes', () => {
    let seed = 12345
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31
      return seed % n
    }
    const pick = <T>(items: readonly T[]): T => items[rand(items.length)]!
    const minutes = ['*', '*/15', '0', '30', '0,30', '5-10', '*/7', '45', '59']
    const hours = ['*', '1', '2', '3', '0-3', '*/2', '1,2', '2-4', '23', '0']
    const changes = [
      ['Europe/Berlin', '2026-03-29T01:00:00Z'],
      ['Europe/Berlin', '2026-10-25T01:00:00Z'],
      ['America/New_York', '2026-03-08T07:00:00Z'],
      ['America/New_York', '2026-11-01T06:00:00Z'],
      ['Australia/Sydney', '2026-04-04T16:00:00Z'],
      ['Australia/Sydney', '2026-10-03T16:00:00Z'],
      ['Australia/Lord_Howe', '2026-04-04T15:00:00Z'],
      ['Australia/Lord_Howe', '2026-10-03T15:30:00Z'],
      ['Pacific/Chatham', '2026-04-04T14:00:00Z'],
      ['Europe/London', '2026-10-25T01:00:00Z'],
      ['Asia/Kolkata', '2026-10-25T01:00:00Z'],
    ] as const
    for (let i = 0; i < 150; i++) {
      const expr = `${pick(minutes)} ${pick(hours)} * * *`
      const [tz, change] = pick(changes)
      const after = at(change) + (rand(48 * 60) - 30 * 60) * 60_000 + pick([0, 0, 1, 59_999, 30_000])
      expect({ expr, tz, after: iso(after), next: iso(nextCronAfter(parseCron(expr), tz, after)) }).toEqual({
        expr,
        tz,
        after: iso(after),
        next: iso(referenceNext(expr, tz, after)),
      })
    }
  })
})

// ---------------------------------------------------------------------------------------------
// Reference: scan instants minute by minute, reading wall-clock fields from Intl. Which wall
// minutes match comes from nextCronAfter in UTC (no zone logic involved there).

const formatters = new Map<string, Intl.DateTimeFormat>()
function wallOf(tz: string, t: number): number {
  let fmt = formatters.get(tz)
  if (!fmt) {
    fmt = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
    formatters.set(tz, fmt)
  }
  const p = Object.fromEntries(fmt.formatToParts(t).map((x) => [x.type, Number(x.value)]))
  return Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!)
}

function referenceNext(expr: string, tz: string, after: number): number | null {
  const parsed = parseCron(expr)
  const matches = (wall: number) => nextCronAfter(parsed, 'UTC', wall - 1) === wall
  const wildcard = expr.startsWith('*') || expr.split(' ')[1]!.startsWith('*')
  const first = Math.floor(after / 60_000) * 60_000 + 60_000
  let prev = wallOf(tz, first - 60_000)
  for (let t = first; t < first + 3 * 86_400_000; t += 60_000) {
    const wall = wallOf(tz, t)
    const prevWall = prev + 60_000 // this instant's wall time had the offset not changed
    prev = wall
    if (wildcard) {
      if (matches(wall)) return t
      continue
    }
    if (wall > prevWall) {
      // spring forward at t: wall times [prevWall, wall) were skipped; the first of them that matches fires now
      for (let w = prevWall; w < wall; w += 60_000) if (matches(w)) return t
    }
    if (matches(wall)) {
      // fall back: skip the second occurrence of a wall time
      let seenBefore = false
      for (const back of [30, 60, 120]) if (wallOf(tz, t - back * 60_000) === wall) seenBefore = true
      if (!seenBefore) return t
    }
  }
  throw new Error('reference found nothing within 3 days')
}
