// An in-memory token bucket per channel: `ratePerSecond` sends per second with bursts of
// max(1, rate). Time comes from the caller, so an injected clock drives it in tests.
export class TokenBucket {
  private tokens: number
  private updatedAt: number | null = null

  constructor(private readonly ratePerSecond: number) {
    if (!(ratePerSecond > 0)) throw new RangeError(`rate limit must be positive, got ${ratePerSecond}`)
    this.tokens = this.capacity
  }

  private get capacity(): number {
    return Math.max(1, this.ratePerSecond)
  }

  /** Takes a token and returns 0, or returns how long to wait (ms) until one is available. */
  take(now: number): number {
    if (this.updatedAt !== null && now > this.updatedAt) {
      this.tokens = Math.min(
        this.capacity,
        this.tokens + ((now - this.updatedAt) * this.ratePerSecond) / 1000,
      )
    }
    this.updatedAt = Math.max(now, this.updatedAt ?? now)
    if (this.tokens >= 1) {
      this.tokens -= 1
      return 0
    }
    return Math.ceil(((1 - this.tokens) * 1000) / this.ratePerSecond)
  }
}
