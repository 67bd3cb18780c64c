// Retry delays: exponential backoff with full jitter (uniform in [0, min(max, base·2^n)]),
// never earlier than the receiver's Retry-After.
export interface BackoffOptions {
  baseMs: number
  maxMs: number
  /** uniform in [0, 1); injected by tests */
  random: () => number
}

/** The delay before the next attempt, after `failedAttempts` earlier failed attempts (0 for the first). */
export function retryDelay(failedAttempts: number, retryAfterMs: number | null, o: BackoffOptions): number {
  const cap = Math.min(o.maxMs, o.baseMs * 2 ** Math.min(failedAttempts, 52))
  const jittered = Math.round(o.random() * cap)
  return Math.max(jittered, retryAfterMs ?? 0)
}
