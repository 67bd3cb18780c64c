import { describe, expect, it } from 'vitest'
import { DurationError, formatDuration, MAX_DURATION_MS, parseDuration } from './duration.js'

describe('parseDuration', () => {
  it.each([
    ['1s', 1_000],
    ['90s', 90_000],
    ['15m', 900_000],
    ['1h', 3_600_000],
    ['1h30m', 5_400_000],
    ['30m1h', 5_400_000],
    ['1d', 86_400_000],
    ['2w', 1_209_600_000],
    ['1w2d3h4m5s', 788_645_000],
    ['  10m ', 600_000],
    ['0h1s', 1_000],
    ['36500d', MAX_DURATION_MS],
  ])('%j → %d ms', (input, ms) => {
    expect(parseDuration(input)).toBe(ms)
  })

  it.each([
    ['0s', 'must be at least 1s'],
    ['0m0h', 'must be at least 1s'],
    ['36501d', 'too long'],
    ['', 'expected e.g.'],
    ['1', 'expected e.g.'],
    ['h', 'expected e.g.'],
    ['1x', 'expected e.g.'],
    ['1.5h', 'expected e.g.'],
    ['-1h', 'expected e.g.'],
    ['1h 30m', 'expected e.g.'],
    ['1H', 'expected e.g.'],
    ['100ms', 'expected e.g.'],
    ['abc', 'expected e.g.'],
  ])('rejects %j (%s)', (input, reason) => {
    expect(() => parseDuration(input)).toThrow(DurationError)
    expect(() => parseDuration(input)).toThrow(`invalid duration "${input}"`)
    expect(() => parseDuration(input)).toThrow(reason)
  })
})

describe('formatDuration', () => {
  it.each([
    [1_000, '1s'],
    [90_000, '1m30s'],
    [3_600_000, '1h'],
    [5_400_000, '1h30m'],
    [86_400_000, '1d'],
    [604_800_000, '1w'],
    [604_800_000 + 3_600_000, '1w1h'],
    [788_645_000, '1w2d3h4m5s'],
    [1_499, '1s'],
    [1_500, '2s'],
    [0, '0s'],
    [-5_000, '0s'],
  ])('%d ms → %j', (ms, text) => {
    expect(formatDuration(ms)).toBe(text)
  })

  it.each(['1s', '90s', '1h30m', '1d', '2w', '1w2d3h4m5s', '36500d'])('round-trips %j', (text) => {
    expect(parseDuration(formatDuration(parseDuration(text)))).toBe(parseDuration(text))
  })
})
