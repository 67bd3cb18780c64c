import { describe, expect, it } from 'vitest'
import { successRate, windowStartHour } from './build-report.js'

const H = 3_600_000

describe('successRate: (succeeded + warning) / finished runs', () => {
  it.each([
    [{}, null],
    [{ running: 3 }, null],
    [{ succeeded: 3 }, 1],
    [{ failed: 2 }, 0],
    [{ succeeded: 2, warning: 1, failed: 1 }, 0.75],
    [{ succeeded: 1, failed: 2 }, 0.3333],
    [{ succeeded: 2, failed: 1 }, 0.6667],
  ])('%o → %s', (counts, rate) => {
    expect(successRate(counts)).toBe(rate)
  })
})

describe('windowStartHour: the hour the window begins in', () => {
  const day = 24 * H
  it.each([
    [Date.UTC(2026, 10, 22, 5, 32, 4), day, Date.UTC(2026, 10, 21, 5)],
    [Date.UTC(2026, 10, 22, 5, 0, 0), day, Date.UTC(2026, 10, 21, 5)],
    [Date.UTC(2026, 10, 22, 4, 59, 59, 999), 7 * day, Date.UTC(2026, 10, 15, 4)],
  ])('%i - %i → %i', (now, window, hour) => {
    expect(windowStartHour(now, window)).toBe(hour)
  })
})
