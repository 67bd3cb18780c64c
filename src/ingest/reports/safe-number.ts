// Numbers read from a tool's JSON. JSON.parse turns integers above 2^53 into approximations
// (restic prints seconds_remaining 9223372036854775808 while it cannot estimate), so only exact,
// finite, non-negative integers count; anything else is "unknown" (null), never a guess.

/** A byte or file count: a non-negative integer ≤ Number.MAX_SAFE_INTEGER, else null. */
export function safeInt(v: unknown): number | null {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) return null
  return v === 0 ? 0 : v // normalise -0
}

/** A duration in (fractional) seconds as whole milliseconds, else null. */
export function secondsToMs(v: unknown): number | null {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) return null
  const ms = Math.round(v * 1000)
  return ms <= Number.MAX_SAFE_INTEGER ? ms : null
}

/** A process exit status (0-255), else null. */
export function safeExitCode(v: unknown): number | null {
  const n = safeInt(v)
  return n !== null && n <= 255 ? n : null
}
