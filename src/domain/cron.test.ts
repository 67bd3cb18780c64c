import { describe, expect, it } from 'vitest'
import { nextCronAfter, parseCron } from './cron.js'

const at = (iso: string) => Date.parse(iso)
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString().replace('.000Z', 'Z'))

/** The next `count` fire instants after `from`, as ISO strings. */
function fires(expr: string, tz: string, from: string, count: number): (string | null)[] {
  const parsed = parseCron(expr)
  const out: (string | null)[] = []
  let t = at(from)
  for (let i = 0; i < count; i++) {
    const next = nextCronAfter(parsed, tz, t)
    out.push(iso(next))
    if (next === null) break
    expect(next).toBeGreaterThan(t)
    t = next
  }
  return out
}

describe('nextCronAfter', () => {
  it.each([
    // basics, UTC
    ['* * * * *', 'UTC', '2026-05-05T10:00:00Z', ['2026-05-05T10:01:00Z', '2026-05-05T10:02:00Z']],
    ['* * * * *', 'UTC', '2026-05-05T10:00:00.001Z', ['2026-05-05T10:01:00Z']],
    ['* * * * *', 'UTC', '2026-05-05T10:00:59.999Z', ['2026-05-05T10:01:00Z']],
    ['0 3 * * *', 'UTC', '2026-05-05T02:59:59.999Z', ['2026-05-05T03:00:00Z', '2026-05-06T03:00:00Z']],
    ['0 3 * * *', 'UTC', '2026-05-05T03:00:00Z', ['2026-05-06T03:00:00Z']],
    [
      '*/15 * * * *',
      'UTC',
      '2026-05-05T23:31:00Z',
      ['2026-05-05T23:45:00Z', '2026-05-06T00:00:00Z', '2026-05-06T00:15:00Z'],
    ],
    // step ranges
    [
      '1-10/4 * * * *',
      'UTC',
      '2026-05-05T10:00:00Z',
      ['2026-05-05T10:01:00Z', '2026-05-05T10:05:00Z', '2026-05-05T10:09:00Z', '2026-05-05T11:01:00Z'],
    ],
    [
      '5/20 * * * *',
      'UTC',
      '2026-05-05T10:06:00Z',
      ['2026-05-05T10:25:00Z', '2026-05-05T10:45:00Z', '2026-05-05T11:05:00Z'],
    ],
    ['0 */8 * * *', 'UTC', '2026-05-05T10:00:00Z', ['2026-05-05T16:00:00Z', '2026-05-06T00:00:00Z']],
    // macros
    ['@daily', 'UTC', '2026-05-05T10:00:00Z', ['2026-05-06T00:00:00Z', '2026-05-07T00:00:00Z']],
    ['@hourly', 'UTC', '2026-05-05T10:00:00Z', ['2026-05-05T11:00:00Z']],
    ['@weekly', 'UTC', '2026-05-05T10:00:00Z', ['2026-05-10T00:00:00Z', '2026-05-17T00:00:00Z']],
    ['@monthly', 'UTC', '2026-12-05T10:00:00Z', ['2027-01-01T00:00:00Z', '2027-02-01T00:00:00Z']],
    ['@yearly', 'UTC', '2026-05-05T10:00:00Z', ['2027-01-01T00:00:00Z', '2028-01-01T00:00:00Z']],
    // weekday and month names; 7 = Sunday (2026-05-05 is a Tuesday)
    [
      '0 9 * * mon-fri',
      'UTC',
      '2026-05-07T12:00:00Z',
      ['2026-05-08T09:00:00Z', '2026-05-11T09:00:00Z', '2026-05-12T09:00:00Z'],
    ],
    [
      '0 9 * * SAT,sun',
      'UTC',
      '2026-05-05T12:00:00Z',
      ['2026-05-09T09:00:00Z', '2026-05-10T09:00:00Z', '2026-05-16T09:00:00Z'],
    ],
    ['0 0 * * 7', 'UTC', '2026-05-05T12:00:00Z', ['2026-05-10T00:00:00Z']],
    ['0 0 * * 0', 'UTC', '2026-05-05T12:00:00Z', ['2026-05-10T00:00:00Z']],
    [
      '0 0 * * 5-7',
      'UTC',
      '2026-05-05T12:00:00Z',
      ['2026-05-08T00:00:00Z', '2026-05-09T00:00:00Z', '2026-05-10T00:00:00Z', '2026-05-15T00:00:00Z'],
    ],
    [
      '0 0 1 jul,Dec *',
      'UTC',
      '2026-05-05T12:00:00Z',
      ['2026-07-01T00:00:00Z', '2026-12-01T00:00:00Z', '2027-07-01T00:00:00Z'],
    ],
    // dom/dow: both restricted → either matches (13th or a Friday)
    [
      '0 0 13 * fri',
      'UTC',
      '2026-05-05T12:00:00Z',
      ['2026-05-08T00:00:00Z', '2026-05-13T00:00:00Z', '2026-05-15T00:00:00Z', '2026-05-22T00:00:00Z'],
    ],
    ['0 0 31 2 1', 'UTC', '2026-01-31T12:00:00Z', ['2026-02-02T00:00:00Z', '2026-02-09T00:00:00Z']],
    // dom/dow: a field starting with * → both must match (odd days that are Fridays)
    [
      '0 0 */2 * fri',
      'UTC',
      '2026-05-05T12:00:00Z',
      ['2026-05-15T00:00:00Z', '2026-05-29T00:00:00Z', '2026-06-05T00:00:00Z', '2026-06-19T00:00:00Z'],
    ],
    ['0 0 13 * *', 'UTC', '2026-05-05T12:00:00Z', ['2026-05-13T00:00:00Z', '2026-06-13T00:00:00Z']],
    // month ends and leap days
    [
      '0 0 31 * *',
      'UTC',
      '2026-04-01T00:00:00Z',
      ['2026-05-31T00:00:00Z', '2026-07-31T00:00:00Z', '2026-08-31T00:00:00Z'],
    ],
    ['0 0 29 2 *', 'UTC', '2026-05-05T12:00:00Z', ['2028-02-29T00:00:00Z', '2032-02-29T00:00:00Z']],
    ['0 0 29 2 *', 'UTC', '2096-03-01T00:00:00Z', ['2104-02-29T00:00:00Z']],
    ['59 23 31 12 *', 'UTC', '2026-12-31T23:58:00Z', ['2026-12-31T23:59:00Z', '2027-12-31T23:59:00Z']],
    // time zones without DST changes in the window
    ['0 9 * * *', 'Asia/Kolkata', '2026-05-05T00:00:00Z', ['2026-05-05T03:30:00Z', '2026-05-06T03:30:00Z']],
    ['0 9 * * *', 'Europe/Berlin', '2026-07-01T00:00:00Z', ['2026-07-01T07:00:00Z']],
    ['0 9 * * *', 'Europe/Berlin', '2026-12-01T00:00:00Z', ['2026-12-01T08:00:00Z']],
    [
      '0 0 1 1 *',
      'America/New_York',
      '2026-05-05T00:00:00Z',
      ['2027-01-01T05:00:00Z', '2028-01-01T05:00:00Z'],
    ],
    ['0 0 1 1 *', 'Australia/Lord_Howe', '2026-05-05T00:00:00Z', ['2026-12-31T13:00:00Z']],
    ['0 12 * * *', 'Etc/GMT+5', '2026-05-05T00:00:00Z', ['2026-05-05T17:00:00Z']],
    // Moscow moved from +04 to +03 on 2014-10-26 for good
    ['0 12 * * *', 'Europe/Moscow', '2014-10-25T07:00:00Z', ['2014-10-25T08:00:00Z', '2014-10-26T09:00:00Z']],
    // wildcard minute across several offset changes
    [
      '*/30 0 1 1 *',
      'Europe/Berlin',
      '2026-06-01T00:00:00Z',
      ['2026-12-31T23:00:00Z', '2026-12-31T23:30:00Z', '2027-12-31T23:00:00Z'],
    ],
  ])('%s in %s after %s', (expr, tz, from, expected) => {
    expect(fires(expr, tz, from, expected.length)).toEqual(expected)
  })

  describe('DST', () => {
    it.each([
      // Berlin springs forward 2026-03-29 02:00 CET → 03:00 CEST (01:00Z): 02:30 fires once at 03:00
      [
        '30 2 * * *',
        'Europe/Berlin',
        '2026-03-28T00:00:00Z',
        ['2026-03-28T01:30:00Z', '2026-03-29T01:00:00Z', '2026-03-30T00:30:00Z'],
      ],
      [
        '0,15,30,45 2 * * *',
        'Europe/Berlin',
        '2026-03-29T00:00:00Z',
        ['2026-03-29T01:00:00Z', '2026-03-30T00:00:00Z'],
      ],
      [
        '0 3 * * *',
        'Europe/Berlin',
        '2026-03-28T12:00:00Z',
        ['2026-03-29T01:00:00Z', '2026-03-30T01:00:00Z'],
      ],
      // New York falls back 2026-11-01 02:00 EDT → 01:00 EST (06:00Z): 01:30 fires once, at its first occurrence
      [
        '30 1 * * *',
        'America/New_York',
        '2026-10-31T12:00:00Z',
        ['2026-11-01T05:30:00Z', '2026-11-02T06:30:00Z'],
      ],
      ['30 1 * * *', 'America/New_York', '2026-11-01T05:30:00Z', ['2026-11-02T06:30:00Z']],
      // ... even when asked from inside the second occurrence of 01:xx
      ['30 1 * * *', 'America/New_York', '2026-11-01T06:10:00Z', ['2026-11-02T06:30:00Z']],
      [
        '0,30 1 * * *',
        'America/New_York',
        '2026-11-01T04:00:00Z',
        ['2026-11-01T05:00:00Z', '2026-11-01T05:30:00Z', '2026-11-02T06:00:00Z'],
      ],
      // wildcard hour: every real instant that matches, both occurrences of the repeated hour
      [
        '*/30 * * * *',
        'America/New_York',
        '2026-11-01T04:59:00Z',
        [
          '2026-11-01T05:00:00Z',
          '2026-11-01T05:30:00Z',
          '2026-11-01T06:00:00Z',
          '2026-11-01T06:30:00Z',
          '2026-11-01T07:00:00Z',
        ],
      ],
      [
        '*/30 * * * *',
        'America/New_York',
        '2026-11-01T05:45:00Z',
        ['2026-11-01T06:00:00Z', '2026-11-01T06:30:00Z', '2026-11-01T07:00:00Z'],
      ],
      [
        '0 * * * *',
        'Europe/Berlin',
        '2026-10-25T00:10:00Z',
        ['2026-10-25T01:00:00Z', '2026-10-25T02:00:00Z'],
      ],
      [
        '30 * * * *',
        'America/New_York',
        '2026-11-01T04:00:00Z',
        ['2026-11-01T04:30:00Z', '2026-11-01T05:30:00Z', '2026-11-01T06:30:00Z', '2026-11-01T07:30:00Z'],
      ],
      // wildcard hour: nothing for minutes that do not exist (02:xx on 2026-03-29 in Berlin)
      [
        '*/30 * * * *',
        'Europe/Berlin',
        '2026-03-29T00:10:00Z',
        ['2026-03-29T00:30:00Z', '2026-03-29T01:00:00Z', '2026-03-29T01:30:00Z'],
      ],
      [
        '30 * * * *',
        'Europe/Berlin',
        '2026-03-29T00:10:00Z',
        ['2026-03-29T00:30:00Z', '2026-03-29T01:30:00Z'],
      ],
      // wildcard hour restricted to the missing hour: skipped that day
      [
        '15 */2 * * *',
        'Europe/Berlin',
        '2026-03-28T23:30:00Z',
        ['2026-03-29T02:15:00Z', '2026-03-29T04:15:00Z'],
      ],
      // wildcard minute, fixed hour (Debian cron / cronsim: wildcard when minute OR hour starts with *)
      ['*/20 2 * * *', 'Europe/Berlin', '2026-03-28T23:00:00Z', ['2026-03-30T00:00:00Z']],
      [
        '*/20 1 * * *',
        'America/New_York',
        '2026-11-01T05:50:00Z',
        ['2026-11-01T06:00:00Z', '2026-11-01T06:20:00Z', '2026-11-01T06:40:00Z', '2026-11-02T06:00:00Z'],
      ],
      // southern hemisphere and half-hour DST (Lord Howe: +10:30 ↔ +11)
      [
        '30 2 * * *',
        'Australia/Sydney',
        '2026-10-03T12:00:00Z',
        ['2026-10-03T16:00:00Z', '2026-10-04T15:30:00Z'],
      ],
      [
        '30 2 * * *',
        'Australia/Lord_Howe',
        '2026-10-03T12:00:00Z',
        ['2026-10-03T15:30:00Z', '2026-10-04T15:30:00Z'],
      ],
      [
        '15 2 * * *',
        'Australia/Lord_Howe',
        '2026-10-03T12:00:00Z',
        ['2026-10-03T15:30:00Z', '2026-10-04T15:15:00Z'],
      ],
    ])('%s in %s after %s', (expr, tz, from, expected) => {
      expect(fires(expr, tz, from, expected.length)).toEqual(expected)
    })
  })

  it('finds next fires for many jobs (sanity, no timing assertions)', () => {
    const exprs = [
      '*/15 * * * *',
      '0 3 * * *',
      '30 2 * * *',
      '0 0 1 1 *',
      '0 9 * * mon-fri',
      '@hourly',
      '0 0 29 2 *',
    ]
    const zones = ['UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Tokyo', 'Australia/Lord_Howe']
    const parsed = exprs.map((e) => parseCron(e))
    const base = at('2026-01-01T00:00:00Z')
    let count = 0
    for (let i = 0; i < 100_000; i++) {
      const after = base + i * 997_000
      const next = nextCronAfter(parsed[i % parsed.length]!, zones[i % zones.length]!, after)
      if (next !== null && next > after) count++
    }
    expect(count).toBe(100_000)
  })
})
