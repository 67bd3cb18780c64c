import { describe, expect, it } from 'vitest'
import { AddressThrottle, FREE_FAILURES, lockedUntilAfter } from './login-throttle.js'

describe('login throttle', () => {
  it('locks an account after five failures in a row, 30 s doubling, at most 15 min', () => {
    expect(lockedUntilAfter(FREE_FAILURES - 1, 1000)).toBeNull()
    expect(lockedUntilAfter(FREE_FAILURES, 1000)).toBe(31_000)
    expect(lockedUntilAfter(FREE_FAILURES + 1, 1000)).toBe(61_000)
    expect(lockedUntilAfter(FREE_FAILURES + 40, 0)).toBe(15 * 60_000)
  })

  it('refuses an address after its limit of failures in the window, whichever user they named', () => {
    const t = new AddressThrottle(3, 60_000)
    for (const at of [0, 10_000, 20_000]) {
      expect(t.retryAfter('10.0.0.1', at)).toBe(0)
      t.fail('10.0.0.1', at)
    }
    expect(t.retryAfter('10.0.0.1', 30_000)).toBe(30_000)
    expect(t.retryAfter('10.0.0.2', 30_000)).toBe(0)
    // the oldest failure leaves the window
    expect(t.retryAfter('10.0.0.1', 60_001)).toBe(0)
  })
})
