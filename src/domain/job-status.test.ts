import { describe, expect, it } from 'vitest'
import { type DerivedStatus, deriveStatus, nextChangeAt } from './job-status.js'
import type { JobFacts } from './types.js'

const MIN = 60_000
const HOUR = 3_600_000
const T0 = Date.parse('2026-05-05T10:00:00Z') // last ping
const EXPECTED = T0 + HOUR
const GRACE = 10 * MIN

function facts(overrides: Partial<JobFacts> = {}): JobFacts {
  return {
    schedule: { every: HOUR },
    grace: GRACE,
    maxDuration: null,
    paused: false,
    lastPingAt: T0,
    lastPingFailed: false,
    runningSince: null,
    ...overrides,
  }
}

type Row = [name: string, facts: JobFacts, now: number, expected: DerivedStatus, nextChange: number | null]

const up = (expectedAt: number | null = EXPECTED, running = false): DerivedStatus => ({
  status: 'up',
  running,
  downReason: null,
  expectedAt,
})
const grace = (expectedAt: number = EXPECTED, running = false): DerivedStatus => ({
  status: 'grace',
  running,
  downReason: null,
  expectedAt,
})
const down = (
  downReason: DerivedStatus['downReason'],
  expectedAt: number | null = EXPECTED,
  running = false,
): DerivedStatus => ({ status: 'down', running, downReason, expectedAt })

describe('deriveStatus / nextChangeAt', () => {
  it.each<Row>([
    // period schedule: exact millisecond boundaries
    ['just after the ping', facts(), T0, up(), EXPECTED],
    ['expected - 1 ms', facts(), EXPECTED - 1, up(), EXPECTED],
    ['expected', facts(), EXPECTED, grace(), EXPECTED + GRACE],
    ['expected + grace - 1 ms', facts(), EXPECTED + GRACE - 1, grace(), EXPECTED + GRACE],
    ['expected + grace', facts(), EXPECTED + GRACE, down('missed'), null],
    ['long after', facts(), EXPECTED + 100 * HOUR, down('missed'), null],
    // zero grace: straight from up to down
    ['no grace, expected - 1 ms', facts({ grace: 0 }), EXPECTED - 1, up(), EXPECTED],
    ['no grace, expected', facts({ grace: 0 }), EXPECTED, down('missed'), null],
    // cron schedule: expected is the first fire after the last ping (Berlin, spring forward)
    [
      'cron in the DST gap, before',
      facts({
        schedule: { cron: '30 2 * * *', tz: 'Europe/Berlin' },
        lastPingAt: Date.parse('2026-03-28T01:30:00Z'),
      }),
      Date.parse('2026-03-29T00:59:59.999Z'),
      up(Date.parse('2026-03-29T01:00:00Z')),
      Date.parse('2026-03-29T01:00:00Z'),
    ],
    [
      'cron in the DST gap, at',
      facts({
        schedule: { cron: '30 2 * * *', tz: 'Europe/Berlin' },
        lastPingAt: Date.parse('2026-03-28T01:30:00Z'),
      }),
      Date.parse('2026-03-29T01:00:00Z'),
      grace(Date.parse('2026-03-29T01:00:00Z')),
      Date.parse('2026-03-29T01:10:00Z'),
    ],
    // a failed last ping: down at once, nothing changes by time alone
    ['failed', facts({ lastPingFailed: true }), T0 + 1, down('failed'), null],
    ['failed, past expected', facts({ lastPingFailed: true }), EXPECTED + GRACE, down('failed'), null],
    // an open start: no move of the expectation; overdue after maxDuration ?? grace
    ['running, up', facts({ runningSince: T0 + 5 * MIN }), T0 + 6 * MIN, up(EXPECTED, true), T0 + 15 * MIN],
    [
      'running, limit - 1 ms (grace)',
      facts({ runningSince: T0 + 5 * MIN }),
      T0 + 15 * MIN - 1,
      up(EXPECTED, true),
      T0 + 15 * MIN,
    ],
    [
      'running, limit (grace)',
      facts({ runningSince: T0 + 5 * MIN }),
      T0 + 15 * MIN,
      down('long_running', EXPECTED, true),
      null,
    ],
    [
      'running with maxDuration, before expected',
      facts({ runningSince: T0 + 50 * MIN, maxDuration: 2 * HOUR }),
      T0 + 55 * MIN,
      up(EXPECTED, true),
      EXPECTED,
    ],
    [
      'running with maxDuration, in grace (a start does not move the expectation)',
      facts({ runningSince: T0 + 50 * MIN, maxDuration: 2 * HOUR }),
      EXPECTED,
      grace(EXPECTED, true),
      EXPECTED + GRACE,
    ],
    [
      'running with maxDuration, missed',
      facts({ runningSince: T0 + 50 * MIN, maxDuration: 2 * HOUR }),
      EXPECTED + GRACE,
      down('missed', EXPECTED, true),
      T0 + 170 * MIN,
    ],
    [
      'running with maxDuration, limit - 1 ms',
      facts({ runningSince: T0 + 50 * MIN, maxDuration: 2 * HOUR }),
      T0 + 170 * MIN - 1,
      down('missed', EXPECTED, true),
      T0 + 170 * MIN,
    ],
    [
      'running with maxDuration, limit',
      facts({ runningSince: T0 + 50 * MIN, maxDuration: 2 * HOUR }),
      T0 + 170 * MIN,
      down('long_running', EXPECTED, true),
      null,
    ],
    // failed and running: failed until the start is overdue, then long_running wins
    [
      'failed and running',
      facts({ lastPingFailed: true, runningSince: T0 + 5 * MIN }),
      T0 + 6 * MIN,
      down('failed', EXPECTED, true),
      T0 + 15 * MIN,
    ],
    [
      'failed and running overdue',
      facts({ lastPingFailed: true, runningSince: T0 + 5 * MIN }),
      T0 + 15 * MIN,
      down('long_running', EXPECTED, true),
      null,
    ],
    // paused and new jobs never go down
    [
      'paused',
      facts({ paused: true }),
      EXPECTED + 100 * HOUR,
      { status: 'paused', running: false, downReason: null, expectedAt: null },
      null,
    ],
    [
      'paused and running',
      facts({ paused: true, lastPingFailed: true, runningSince: T0 }),
      EXPECTED + 100 * HOUR,
      { status: 'paused', running: true, downReason: null, expectedAt: null },
      null,
    ],
    [
      'new',
      facts({ lastPingAt: null }),
      T0,
      { status: 'new', running: false, downReason: null, expectedAt: null },
      null,
    ],
    [
      'new with an old open start',
      facts({ lastPingAt: null, runningSince: T0 - 100 * HOUR }),
      T0,
      { status: 'new', running: true, downReason: null, expectedAt: null },
      null,
    ],
  ])('%s', (_name, jobFacts, now, expected, nextChange) => {
    expect(deriveStatus(jobFacts, now)).toEqual(expected)
    expect(nextChangeAt(jobFacts, now)).toBe(nextChange)
  })

  it('nextChangeAt is exactly the next instant the derived status changes', () => {
    let seed = 42
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31
      return seed % n
    }
    const key = (f: JobFacts, t: number) => {
      const d = deriveStatus(f, t)
      return `${d.status}/${d.downReason}/${d.running}/${d.expectedAt}`
    }
    for (let i = 0; i < 2_000; i++) {
      const f = facts({
        schedule:
          rand(3) === 0
            ? { cron: ['*/15 * * * *', '0 3 * * *', '30 1 * * *'][rand(3)]!, tz: 'America/New_York' }
            : { every: (1 + rand(120)) * MIN },
        grace: rand(4) === 0 ? 0 : rand(60) * MIN,
        maxDuration: rand(2) === 0 ? null : (1 + rand(180)) * MIN,
        paused: rand(10) === 0,
        lastPingAt: rand(10) === 0 ? null : T0,
        lastPingFailed: rand(4) === 0,
        runningSince: rand(2) === 0 ? null : T0 + (rand(240) - 60) * MIN,
      })
      const now = T0 + rand(6 * 60) * MIN + rand(2) * (MIN - 1)
      const next = nextChangeAt(f, now)
      const context = { f, now }
      if (next === null) {
        for (const later of [now + 1, now + HOUR, now + 1_000 * HOUR]) {
          expect({ ...context, status: key(f, later) }).toEqual({ ...context, status: key(f, now) })
        }
      } else {
        expect(next).toBeGreaterThan(now)
        expect({ ...context, status: key(f, next - 1) }).toEqual({ ...context, status: key(f, now) })
        expect({ ...context, status: key(f, next) }).not.toEqual({ ...context, status: key(f, now) })
      }
    }
  })
})
