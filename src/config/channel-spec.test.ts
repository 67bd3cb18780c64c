import { describe, expect, it } from 'vitest'
import { channelMap } from './channel-map.js'
import { type ChannelSpec, channelSpecSchema, parseRateLimit } from './channel-spec.js'
import { zodIssuesToProblems } from './problems.js'

const parse = (map: Record<string, unknown>, env: NodeJS.ProcessEnv = {}) =>
  channelSpecSchema(env).safeParse(map)

describe('channelSpecSchema', () => {
  it('keeps the map as written: *_env unresolved, durations as text', () => {
    const map = {
      name: 'm',
      type: 'webhook',
      url: 'https://h.example/x',
      secret_env: 'S',
      repeat_interval: '90m',
      match: { tags: ['db'] },
    }
    const r = parse(map, { S: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' })
    expect(r.data).toMatchObject({
      repeatInterval: 5_400_000,
      settings: { url: 'https://h.example/x', secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' },
      raw: map,
    })
  })

  it.each([
    ['webhook', 'url', {}],
    ['slack', 'url', {}],
    ['teams', 'url', {}],
    ['discord', 'url', {}],
    ['ntfy', 'url', { topic: 't' }],
    ['gotify', 'url', { token: 'A1b2C3' }],
    ['telegram', 'api_url', { bot_token: '1:AB', chat_id: 1 }],
    ['pushover', 'api_url', { token: 'a'.repeat(30), user: 'b'.repeat(30) }],
    ['pagerduty', 'api_url', { routing_key: 'k'.repeat(32) }],
    ['opsgenie', 'api_url', { api_key: 'k' }],
  ])('%s refuses credentials in its %s', (type, key, rest) => {
    const r = parse({ name: 'c', type, [key]: 'https://ops:pw@h.example/x', ...rest })
    expect(zodIssuesToProblems(r.error!)).toEqual([
      {
        path: [key],
        message: `${type} ${key} must not contain user:password@; put credentials in headers or *_env settings, not in the URL`,
      },
    ])
    expect(parse({ name: 'c', type, [key]: 'https://h.example/x', ...rest }).success).toBe(true)
  })

  it('names each key the kind does not know', () => {
    const r = parse({ name: 'x', type: 'slack', url: 'https://hooks.slack.com/x', colour: 1, topic: 't' })
    expect(zodIssuesToProblems(r.error!)).toEqual([
      { path: ['colour'], message: 'unknown key for type slack' },
      { path: ['topic'], message: 'unknown key for type slack' },
    ])
  })
})

describe('rate_limit', () => {
  it.each([
    [1, 1],
    [0.5, 0.5],
    ['1/s', 1],
    ['20/m', 20 / 60],
    ['20/min', 20 / 60],
    ['100/h', 100 / 3600],
    [' 2 / s ', 2],
    ['off', 0],
    [0, 0],
    ['fast', null],
    ['1/d', null],
    ['-1/s', null],
    [-1, null],
    [Number.POSITIVE_INFINITY, null],
  ] as const)('%j → %s per second', (value, expected) => {
    expect(parseRateLimit(value)).toBe(expected)
  })

  it('is optional (the kind decides), parsed when given, a named problem when unreadable', () => {
    const base = { name: 'h', type: 'webhook', url: 'https://h.example/x' }
    expect(parse(base).data?.rateLimit).toBeUndefined()
    expect(parse({ ...base, rate_limit: '30/m' }).data?.rateLimit).toBe(0.5)
    expect(parse({ ...base, rate_limit: 'off' }).data?.rateLimit).toBe(0)
    expect(zodIssuesToProblems(parse({ ...base, rate_limit: 'fast' }).error!)).toEqual([
      {
        path: ['rate_limit'],
        message:
          'must be messages per time like "1/s", "20/m" or "100/h", a number per second, or off; got "fast"',
      },
    ])
  })
})

describe('channelMap', () => {
  const spec: ChannelSpec = {
    name: 'c',
    kind: 'webhook',
    minSeverity: 'warning',
    match: {},
    sendResolved: false,
    mode: 'immediate',
    repeatInterval: 1_800_000,
    digestInterval: 3_600_000,
    settings: { url: 'https://h.example/x' },
  }

  it('rebuilds the flat map of a spec built in code, which parses back to the same spec', () => {
    const map = channelMap(spec)
    expect(map).toEqual({
      name: 'c',
      type: 'webhook',
      min_severity: 'warning',
      send_resolved: false,
      repeat_interval: '30m',
      mode: 'immediate',
      digest_interval: '1h',
      url: 'https://h.example/x',
    })
    expect(parse(map).data).toEqual({ ...spec, raw: map })
  })

  it('returns the map as written when the loader kept it', () => {
    const raw = { name: 'c', type: 'webhook', url_env: 'U' }
    expect(channelMap({ ...spec, raw })).toEqual(raw)
  })
})

describe('fleet_report', () => {
  const base = { name: 'ops', type: 'webhook', url: 'https://h.example/x' }
  it.each([
    ['weekly', { cron: '0 8 * * 1', tz: 'UTC' }],
    ['monthly', { cron: '0 8 1 * *', tz: 'UTC' }],
    [
      { cron: '30 7 * * 1-5', tz: 'Europe/Berlin' },
      { cron: '30 7 * * 1-5', tz: 'Europe/Berlin' },
    ],
    [{ every: '1d' }, { every: 86_400_000 }],
  ])('%j → %j', (value, expected) => {
    expect(parse({ ...base, fleet_report: value }).data?.fleetReport).toEqual(expected)
  })

  it('absent or null: no report', () => {
    expect(parse(base).data?.fleetReport).toBeUndefined()
    expect(parse({ ...base, fleet_report: null }).data?.fleetReport).toBeUndefined()
  })

  it.each([
    ['hourly', 'must be daily, weekly, monthly'],
    [{ cron: '61 * * * *' }, 'invalid cron expression "61 * * * *"'],
    [{ cron: '0 8 * * 1', tz: 'Mars/Olympus' }, 'must be an IANA time zone like Europe/Berlin or UTC'],
  ])('%j is refused, saying what it accepts', (value, message) => {
    const r = parse({ ...base, fleet_report: value })
    expect(r.success).toBe(false)
    expect(
      zodIssuesToProblems(r.error!)
        .map((x) => x.message)
        .join('\n'),
    ).toContain(message)
  })

  it('a pagerduty channel refuses it: a report is not an incident', () => {
    const r = parse({
      name: 'pd',
      type: 'pagerduty',
      routing_key: 'R0123456789abcdef0123456789abcdef',
      fleet_report: 'weekly',
    })
    expect(r.success).toBe(false)
    expect(
      zodIssuesToProblems(r.error!)
        .map((x) => x.message)
        .join('\n'),
    ).toContain('a pagerduty channel opens incidents')
  })
})
