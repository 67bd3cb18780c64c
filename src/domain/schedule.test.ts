import { describe, expect, it } from 'vitest'
import { CronError } from './cron.js'
import { nextExpectedAt } from './schedule.js'
import type { Schedule } from './types.js'

const at = (iso: string) => Date.parse(iso)
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString().replace('.000Z', 'Z'))

describe('nextExpectedAt', () => {
  it.each<[string, Schedule, string, string]>([
    ['every: last ping + period', { every: 3_600_000 }, '2026-05-05T10:00:00Z', '2026-05-05T11:00:00Z'],
    ['every: keeps milliseconds', { every: 90_000 }, '2026-05-05T10:00:00.123Z', '2026-05-05T10:01:30.123Z'],
    [
      'cron: later the same day',
      { cron: '0 3 * * *', tz: 'UTC' },
      '2026-05-05T02:59:59.999Z',
      '2026-05-05T03:00:00Z',
    ],
    [
      'cron: strictly after the ping',
      { cron: '0 3 * * *', tz: 'UTC' },
      '2026-05-05T03:00:00Z',
      '2026-05-06T03:00:00Z',
    ],
    ['cron: a late ping', { cron: '0 3 * * *', tz: 'UTC' }, '2026-05-05T03:20:00Z', '2026-05-06T03:00:00Z'],
    [
      'cron: in a zone',
      { cron: '0 3 * * *', tz: 'Europe/Berlin' },
      '2026-05-05T02:00:00Z',
      '2026-05-06T01:00:00Z',
    ],
    [
      'cron: spring-forward gap',
      { cron: '30 2 * * *', tz: 'Europe/Berlin' },
      '2026-03-28T02:00:00Z',
      '2026-03-29T01:00:00Z',
    ],
    [
      'cron: fall-back, first occurrence',
      { cron: '30 1 * * *', tz: 'America/New_York' },
      '2026-10-31T06:00:00Z',
      '2026-11-01T05:30:00Z',
    ],
    [
      'cron: fall-back, no second fire',
      { cron: '30 1 * * *', tz: 'America/New_York' },
      '2026-11-01T05:30:00Z',
      '2026-11-02T06:30:00Z',
    ],
    [
      'cron: wildcard hour repeats',
      { cron: '*/30 * * * *', tz: 'America/New_York' },
      '2026-11-01T05:30:00Z',
      '2026-11-01T06:00:00Z',
    ],
    ['cron: macro', { cron: '@daily', tz: 'UTC' }, '2026-05-05T10:00:00Z', '2026-05-06T00:00:00Z'],
  ])('%s', (_name, schedule, lastPing, expected) => {
    expect(iso(nextExpectedAt(schedule, at(lastPing)))).toBe(expected)
  })

  it('throws CronError for a bad expression or zone', () => {
    expect(() => nextExpectedAt({ cron: '0 25 * * *', tz: 'UTC' }, 0)).toThrow(CronError)
    expect(() => nextExpectedAt({ cron: '0 0 31 2 *', tz: 'UTC' }, 0)).toThrow('never fires')
    expect(() => nextExpectedAt({ cron: '0 3 * * *', tz: 'Mars/Base' }, 0)).toThrow(CronError)
  })

  it('stays correct past the parse cache size', () => {
    const base = at('2026-05-01T00:00:00Z') // a Friday, 00:00 UTC
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < 10_050; i++) {
        const [minute, hour, day] = [i % 60, Math.floor(i / 60) % 24, 1 + Math.floor(i / 1440)]
        const next = nextExpectedAt({ cron: `${minute} ${hour} ${day} * *`, tz: 'UTC' }, base)
        const expected = base + (day - 1) * 86_400_000 + hour * 3_600_000 + minute * 60_000
        if (next !== (expected === base ? at('2026-06-01T00:00:00Z') : expected)) {
          expect({ i, next: iso(next) }).toEqual({ i, next: iso(expected) })
        }
      }
    }
  })
})
