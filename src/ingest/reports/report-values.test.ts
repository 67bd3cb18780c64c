import { describe, expect, it } from 'vitest'
import { parseTimestamp } from './report-values.js'

describe('parseTimestamp', () => {
  it.each<[string, unknown, number | null | undefined, number | null]>([
    ['RFC 3339 UTC', '2026-11-22T05:29:47Z', undefined, Date.UTC(2026, 10, 22, 5, 29, 47)],
    [
      'nine fraction digits and an offset',
      '2026-11-22T03:00:17.48213904+01:00',
      undefined,
      Date.UTC(2026, 10, 22, 2, 0, 17, 482),
    ],
    ['offset without colon', '2026-11-22T03:00:17-0530', undefined, Date.UTC(2026, 10, 22, 8, 30, 17)],
    ['a zone beats the given offset', '2026-11-22T05:29:47Z', 60, Date.UTC(2026, 10, 22, 5, 29, 47)],
    ['naive without offset', '2026-11-22T05:29:47.000000', undefined, null],
    ['naive with null offset', '2026-11-22T05:29:47.000000', null, null],
    ['naive, New York winter', '2026-11-22T00:29:53.000000', -300, Date.UTC(2026, 10, 22, 5, 29, 53)],
    ['naive, India', '2026-11-22T10:59:53.250000', 330, Date.UTC(2026, 10, 22, 5, 29, 53, 250)],
    ['naive, offset out of range', '2026-11-22T05:29:47', 2000, null],
    ['naive, fractional offset', '2026-11-22T05:29:47', 1.5, null],
    ["Go's zero time", '0001-01-01T00:00:00Z', undefined, null],
    ['February 30th', '2026-02-30T00:00:00Z', undefined, null],
    ['hour 24', '2026-11-22T24:00:00Z', undefined, null],
    ['date only', '2026-11-22', undefined, null],
    ['garbage', 'yesterday', undefined, null],
    ['not a string', 1795325393, undefined, null],
  ])('%s', (_name, input, offset, expected) => {
    expect(parseTimestamp(input, offset)).toBe(expected)
  })
})
