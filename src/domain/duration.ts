// Configured durations are strings like "90s", "15m", "1h30m", "1d", "2w"; we keep milliseconds.

const UNIT_MS: Record<string, number> = {
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
}

const DURATION_RE = /^(?:\d+[smhdw])+$/
const PART_RE = /(\d+)([smhdw])/g

/** Largest accepted duration: about 100 years, far beyond any sane backup interval. */
export const MAX_DURATION_MS = 100 * 365 * UNIT_MS.d!

export class DurationError extends Error {}

/** Whether `input` is spelled as a duration ("1d", "1h30m"), whatever its range. */
export function isDurationText(input: string): boolean {
  return DURATION_RE.test(input.trim())
}

export function parseDuration(input: string): number {
  const text = input.trim()
  if (!isDurationText(text)) {
    throw new DurationError(`invalid duration "${input}" (expected e.g. 90s, 15m, 1h, 1d, 2w)`)
  }
  let ms = 0
  for (const [, amount, unit] of text.matchAll(PART_RE)) ms += Number(amount) * UNIT_MS[unit!]!
  if (ms < 1_000) throw new DurationError(`invalid duration "${input}" (must be at least 1s)`)
  if (ms > MAX_DURATION_MS) throw new DurationError(`invalid duration "${input}" (too long)`)
  return ms
}

/** Shortest exact spelling: 90000 → "1m30s", 86400000 → "1d". */
export function formatDuration(ms: number): string {
  let rest = Math.round(ms / 1000) * 1000
  if (rest <= 0) return '0s'
  let out = ''
  for (const unit of ['w', 'd', 'h', 'm', 's']) {
    const size = UNIT_MS[unit]!
    const n = Math.floor(rest / size)
    if (n > 0) {
      out += `${n}${unit}`
      rest -= n * size
    }
  }
  return out
}
