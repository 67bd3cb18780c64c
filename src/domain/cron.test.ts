import { describe, expect, it } from 'vitest'
import { CronError, isValidTimeZone, nextCronAfter, parseCron } from './cron.js'

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

describe('parseCron', () => {
  it.each([
    ['* * * * *', '* * * * *'],
    ['  0   3 * * *  ', '0 3 * * *'],
    ['*/15 * * * *', '*/15 * * * *'],
    ['0 9 * JAN-mar Mon-FRI', '0 9 * JAN-mar Mon-FRI'],
    ['0 0 * * 7', '0 0 * * 7'],
    ['1-10/2,30 0-23/6 1,15 */3 0-6', '1-10/2,30 0-23/6 1,15 */3 0-6'],
    ['5/20 * * * *', '5/20 * * * *'],
    ['0 0 29 2 *', '0 0 29 2 *'],
    ['0 0 31 2 1', '0 0 31 2 1'], // dom/dow OR: fires on Mondays in February
    ['@yearly', '0 0 1 1 *'],
    ['@annually', '0 0 1 1 *'],
    ['@monthly', '0 0 1 * *'],
    ['@weekly', '0 0 * * 0'],
    ['@daily', '0 0 * * *'],
    ['@midnight', '0 0 * * *'],
    ['@HOURLY', '0 * * * *'],
  ])('accepts %j', (expr, fields) => {
    const parsed = parseCron(expr)
    expect(parsed.source).toBe(expr)
    expect(parsed.fields).toBe(fields)
  })

  it.each([
    ['0 25 * * *', 'hour 25 out of range 0-23'],
    ['* * *', 'expected 5 fields, got 3'],
    ['* * * * * *', 'expected 5 fields, got 6'],
    ['61 * * * *', 'minute 61 out of range 0-59'],
    ['abc', 'expected 5 fields, got 1'],
    ['', 'expected 5 fields, got 0'],
    ['a b c d e', 'minute "a" is not a number'],
    ['0 0 0 * *', 'day-of-month 0 out of range 1-31'],
    ['0 0 32 * *', 'day-of-month 32 out of range 1-31'],
    ['0 0 * 13 *', 'month 13 out of range 1-12'],
    ['0 0 * * 8', 'day-of-week 8 out of range 0-7'],
    ['0 0 * mon *', 'month "mon" is not a number'],
    ['0 0 * * jan', 'day-of-week "jan" is not a number'],
    ['*/0 * * * *', 'minute step "0" must be a positive integer'],
    ['*/ * * * *', 'minute step "" must be a positive integer'],
    ['5-1 * * * *', 'minute range 5-1 is reversed'],
    ['1,,2 * * * *', 'minute "" is not a number'],
    ['-1 * * * *', 'minute "" is not a number'],
    ['0 0 L * *', 'day-of-month "L" is not a number'],
    ['0 0 ? * *', 'day-of-month "?" is not a number'],
    ['@reboot', 'unknown macro @reboot'],
  ])('rejects %j', (expr, reason) => {
    let error: unknown
    try {
      parseCron(expr)
    } catch (err) {
      error = err
    }
    expect(error).toBeInstanceOf(CronError)
    expect((error as Error).message).toBe(`invalid cron expression "${expr}"`)
    expect((error as Error).cause).toBe(reason)
  })

  it.each(['0 0 31 2 *', '0 0 30 2 *', '0 0 30,31 2 *', '0 0 31 4,6,9,11 *', '0 0 31 2 */2'])(
    'rejects %j as never firing',
    (expr) => {
      expect(() => parseCron(expr)).toThrow(new CronError(`cron expression "${expr}" never fires`))
    },
  )

  it.each(['0 0 29 2 *', '0 0 31 1-2 *', '0 0 30,31 2,3 *', '0 0 31 2 1'])(
    'accepts %j that fires rarely',
    (expr) => {
      expect(() => parseCron(expr)).not.toThrow()
    },
  )
})

describe('isValidTimeZone', () => {
  it.each([
    ['UTC', true],
    ['Europe/Berlin', true],
    ['America/New_York', true],
    ['Asia/Kolkata', true],
    ['Etc/GMT+5', true],
    ['', false],
    ['Mars/Base', false],
    ['Europe/Berln', false],
    ['+01:00', false],
    [' UTC', false],
  ])('%j → %s', (tz, valid) => {
    expect(isValidTimeZone(tz)).toBe(valid)
  })

  it('nextCronAfter rejects an unknown zone', () => {
    expect(() => nextCronAfter(parseCron('* * * * *'), 'Mars/Base', 0)).toThrow(
      new CronError('unknown time zone "Mars/Base"'),
    )
  })
})

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
