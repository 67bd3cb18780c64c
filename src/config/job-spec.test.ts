import { describe, expect, it } from 'vitest'
import { retentionSchema } from './field-schemas.js'
import { apiJobSpecSchema, jobSpecSchema } from './job-spec.js'
import { formatPath, formatZodIssues } from './problems.js'
import { scheduleSchema } from './schedule-spec.js'
import { serverSpecSchema } from './server-spec.js'

function problems(schema: { safeParse(v: unknown): { success: boolean; error?: unknown } }, input: unknown) {
  const r = schema.safeParse(input)
  if (r.success) return []
  return formatZodIssues(r.error as Parameters<typeof formatZodIssues>[0])
}

describe('formatPath', () => {
  it.each([
    [[], ''],
    [['jobs', 2, 'schedule', 'cron'], 'jobs[2].schedule.cron'],
    [['policies', 'production', 'max_age'], 'policies.production.max_age'],
    [['policies', 'my env'], 'policies["my env"]'],
    [[0, 'slug'], '[0].slug'],
  ] as [PropertyKey[], string][])('%j → %s', (path, expected) => {
    expect(formatPath(path)).toBe(expected)
  })
})

describe('jobSpecSchema', () => {
  it('parses every writable field into camelCase keys and parsed values', () => {
    const r = jobSpecSchema.parse({
      slug: 'prod-sql-01_nightly',
      name: 'Nightly SQL',
      server: 'prod-sql-01',
      environment: 'production',
      tags: ['db', 'sql'],
      tool: 'borgmatic',
      schedule: { cron: '0 2 * * *', tz: 'Europe/Berlin' },
      grace: '2h',
      max_duration: '1h30m',
      warning_exit_codes: [1, 255],
      retention: { keep_within: '2d', keep_daily: 7, keep_weekly: 4, keep_monthly: 6, keep_yearly: 1 },
      paused: false,
      uuid: '123E4567-E89B-12D3-A456-426614174000',
    })
    expect(r).toEqual({
      slug: 'prod-sql-01_nightly',
      name: 'Nightly SQL',
      server: 'prod-sql-01',
      environment: 'production',
      tags: ['db', 'sql'],
      tool: 'borgmatic',
      schedule: { cron: '0 2 * * *', tz: 'Europe/Berlin' },
      grace: 7_200_000,
      maxDuration: 5_400_000,
      warningExitCodes: [1, 255],
      retention: { keep_within: 172_800_000, keep_daily: 7, keep_weekly: 4, keep_monthly: 6, keep_yearly: 1 },
      paused: false,
      uuid: '123e4567-e89b-12d3-a456-426614174000',
    })
  })

  it('leaves absent keys absent and keeps explicit nulls', () => {
    expect(jobSpecSchema.parse({})).toEqual({})
    const r = jobSpecSchema.parse({ server: null, environment: null, max_duration: null, retention: null })
    expect(r).toEqual({ server: null, environment: null, maxDuration: null, retention: null })
    expect(Object.keys(jobSpecSchema.parse({ grace: '1h' }))).toEqual(['grace'])
  })

  it('defaults a cron schedule to UTC and parses every', () => {
    expect(jobSpecSchema.parse({ schedule: { cron: '*/15 * * * *' } }).schedule).toEqual({
      cron: '*/15 * * * *',
      tz: 'UTC',
    })
    expect(jobSpecSchema.parse({ schedule: { every: '1d' } }).schedule).toEqual({ every: 86_400_000 })
  })

  it.each([
    [{ slug: 'Bad Slug' }, ['slug: must contain only lowercase letters, digits, "-" and "_"']],
    [{ slug: '' }, ['slug: must not be empty']],
    [{ slug: 'a'.repeat(101) }, ['slug: must be at most 100 characters long']],
    [{ name: 'x'.repeat(201) }, ['name: must be at most 200 characters long']],
    [{ name: 5 }, ['name: must be a string, got an integer']],
    [{ server: 'has space' }, ['server: must contain only letters, digits, ".", "-" and "_"']],
    [{ tags: 'db' }, ['tags: must be a list, got a string']],
    [{ tags: ['ok', 3] }, ['tags[1]: must be a string, got an integer']],
    [{ tool: 'tar' }, ['tool: must be one of borgmatic, borg, restic, resticprofile, generic']],
    [{ grace: '2 hours' }, ['grace: invalid duration "2 hours" (expected e.g. 90s, 15m, 1h, 1d, 2w)']],
    [{ grace: 3600 }, ['grace: must be a string, got an integer']],
    [{ max_duration: '0s' }, ['max_duration: invalid duration "0s" (must be at least 1s)']],
    [
      { warning_exit_codes: [1, 256, -1, 1.5] },
      [
        'warning_exit_codes[1]: must be at most 255',
        'warning_exit_codes[2]: must be at least 0',
        'warning_exit_codes[3]: must be an integer',
      ],
    ],
    [{ paused: 'yes' }, ['paused: must be true or false, got a string']],
    [{ uuid: 'not-a-uuid' }, ['uuid: must be a UUID like 123e4567-e89b-12d3-a456-426614174000']],
    [{ schedule: '1d' }, ['schedule: must be {every: "1d"} or {cron: "0 2 * * *", tz: "UTC"}, got a string']],
    [{ schedule: {} }, ['schedule: must be {every: "1d"} or {cron: "0 2 * * *", tz: "UTC"}']],
    [{ schedule: { every: '1d', cron: '0 2 * * *' } }, ['schedule: set either every or cron, not both']],
    [{ schedule: { every: '1d', tz: 'UTC' } }, ['schedule.tz: only applies to a cron schedule']],
    [{ schedule: { every: '1d', at: 3 } }, ['schedule.at: unknown key']],
    [
      { schedule: { every: 'daily' } },
      ['schedule.every: invalid duration "daily" (expected e.g. 90s, 15m, 1h, 1d, 2w)'],
    ],
    [{ schedule: { cron: '0 25 * * *' } }, ['schedule.cron: invalid cron expression "0 25 * * *"']],
    [{ schedule: { cron: '0 0 31 2 *' } }, ['schedule.cron: cron expression "0 0 31 2 *" never fires']],
    [{ schedule: { cron: '0 2 * * *', tz: 'Mars/Base' } }, ['schedule.tz: unknown time zone "Mars/Base"']],
    [
      { schedule: { cron: 5, tz: 1 } },
      [
        'schedule.cron: must be a cron expression string like "0 2 * * *", got an integer',
        'schedule.tz: must be a time zone name like "Europe/Berlin", got an integer',
      ],
    ],
    [
      { retention: { keep_daily: -1, keep_hourly: 24, keep_within: 'x' } },
      [
        'retention.keep_within: invalid duration "x" (expected e.g. 90s, 15m, 1h, 1d, 2w)',
        'retention.keep_daily: must be at least 0',
        'retention.keep_hourly: unknown key',
      ],
    ],
    [{ slug: 'a', colour: 'red', status: 'up' }, ['colour: unknown key', 'status: unknown key']],
    [[], ['must be an object, got a list']],
  ])('%j → %j', (input, expected) => {
    expect(problems(jobSpecSchema, input)).toEqual(expected)
  })

  it('reports every problem of a job at once', () => {
    expect(problems(jobSpecSchema, { slug: 'X', grace: 'soon', tool: 'tar' })).toHaveLength(3)
  })
})

describe('apiJobSpecSchema', () => {
  it('is jobSpecSchema without uuid', () => {
    expect(apiJobSpecSchema.parse({ slug: 'a', grace: '1h' })).toEqual({ slug: 'a', grace: 3_600_000 })
    expect(problems(apiJobSpecSchema, { uuid: '123e4567-e89b-12d3-a456-426614174000' })).toEqual([
      'uuid: unknown key',
    ])
  })
})

describe('retentionSchema', () => {
  it('keeps the counts and converts keep_within to milliseconds', () => {
    expect(retentionSchema.parse({ keep_within: '1w', full_days: 7, incremental_days: 1 })).toEqual({
      keep_within: 604_800_000,
      full_days: 7,
      incremental_days: 1,
    })
  })
})

describe('scheduleSchema', () => {
  it('trims the cron expression', () => {
    expect(scheduleSchema.parse({ cron: ' 0 2 * * * ', tz: 'Europe/Berlin' })).toEqual({
      cron: '0 2 * * *',
      tz: 'Europe/Berlin',
    })
  })
})

describe('serverSpecSchema', () => {
  it('parses the writable fields', () => {
    expect(
      serverSpecSchema.parse({
        name: 'prod-sql-01.example.com',
        environment: 'production',
        tags: ['db'],
        heartbeat_timeout: '15m',
      }),
    ).toEqual({
      name: 'prod-sql-01.example.com',
      environment: 'production',
      tags: ['db'],
      heartbeatTimeout: 900_000,
    })
    expect(serverSpecSchema.parse({ heartbeat_timeout: null })).toEqual({ heartbeatTimeout: null })
    expect(serverSpecSchema.parse({})).toEqual({})
  })

  it.each([
    [{ name: 'prod sql' }, ['name: must contain only letters, digits, ".", "-" and "_"']],
    [{ name: '' }, ['name: must not be empty']],
    [{ name: 'x'.repeat(201) }, ['name: must be at most 200 characters long']],
    [
      { heartbeat_timeout: '5 minutes' },
      ['heartbeat_timeout: invalid duration "5 minutes" (expected e.g. 90s, 15m, 1h, 1d, 2w)'],
    ],
    [{ environment: '' }, ['environment: must not be empty']],
    [{ jobs: 3 }, ['jobs: unknown key']],
  ])('%j → %j', (input, expected) => {
    expect(problems(serverSpecSchema, input)).toEqual(expected)
  })
})
