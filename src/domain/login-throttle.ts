// Login throttling, decided from facts the caller keeps (time passed in, no I/O).
// Per user: after FREE_FAILURES failed logins in a row the account is locked, 30 s doubling per
// further failure up to 15 min; a success clears it. Per address: at most IP_FAILURES failed
// logins in IP_WINDOW_MS, whichever user they name (password spraying).

export const FREE_FAILURES = 5
const FIRST_LOCK_MS = 30_000
const MAX_LOCK_MS = 15 * 60_000
export const IP_FAILURES = 20
export const IP_WINDOW_MS = 10 * 60_000

/** When the account unlocks after its `failures`-th failure in a row at `now`, or null. */
export function lockedUntilAfter(failures: number, now: number): number | null {
  if (failures < FREE_FAILURES) return null
  const doublings = Math.min(failures - FREE_FAILURES, 10)
  return now + Math.min(FIRST_LOCK_MS * 2 ** doublings, MAX_LOCK_MS)
}

/** Failed logins per address in a sliding window (in memory: one process's view). */
export class AddressThrottle {
  private readonly failures = new Map<string, number[]>()

  constructor(
    private readonly limit = IP_FAILURES,
    private readonly windowMs = IP_WINDOW_MS,
  ) {}

  private recent(address: string, now: number): number[] {
    const kept = (this.failures.get(address) ?? []).filter((t) => t > now - this.windowMs)
    if (kept.length === 0) this.failures.delete(address)
    else this.failures.set(address, kept)
    return kept
  }

  /** Milliseconds until the address may try again, 0 when it may now. */
  retryAfter(address: string, now: number): number {
    const recent = this.recent(address, now)
    if (recent.length < this.limit) return 0
    return recent[recent.length - this.limit]! + this.windowMs - now
  }

  fail(address: string, now: number): void {
    const recent = this.recent(address, now)
    recent.push(now)
    this.failures.set(address, recent)
    // bound memory under a flood of addresses: forget the oldest entries first
    if (this.failures.size > 100_000) {
      const oldest = this.failures.keys().next().value
      if (oldest !== undefined) this.failures.delete(oldest)
    }
  }
}
