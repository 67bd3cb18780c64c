import { describe, expect, it } from 'vitest'
import { CATCH_UP_MS, dueInstant, nextInstant } from './report-scheduler.js'

const at = (s: string) => Date.parse(s)

describe('fleet report schedule', () => {
  const weekly = { cron: '0 8 * * 1', tz: 'Europe/Berlin' }

  it('a weekly cron in its zone: due from its instant for an hour, then skipped until the next', () => {
    // Monday 2026-12-07 08:00 in Berlin is 07:00 UTC
    expect(dueInstant(weekly, at('2026-12-07T06:59:59Z'))).toBeNull()
    expect(dueInstant(weekly, at('2026-12-07T07:00:00Z'))).toBe(at('2026-12-07T07:00:00Z'))
    expect(dueInstant(weekly, at('2026-12-07T07:59:00Z'))).toBe(at('2026-12-07T07:00:00Z'))
    // Backwatch was down for longer than the catch-up window: this week's report is skipped
    expect(dueInstant(weekly, at('2026-12-07T07:00:00Z') + CATCH_UP_MS + 1)).toBeNull()
    expect(nextInstant(weekly, at('2026-12-07T07:00:00Z'))).toBe(at('2026-12-14T07:00:00Z'))
    // summer time: 08:00 in Berlin is 06:00 UTC
    expect(nextInstant(weekly, at('2027-06-01T00:00:00Z'))).toBe(at('2027-06-07T06:00:00Z'))
  })

  it('every so long: aligned to the epoch, the latest instant is due', () => {
    const s = { every: 86_400_000 }
    expect(dueInstant(s, at('2026-12-07T00:30:00Z'))).toBe(at('2026-12-07T00:00:00Z'))
    expect(dueInstant(s, at('2026-12-07T05:00:00Z'))).toBeNull()
    expect(nextInstant(s, at('2026-12-07T05:00:00Z'))).toBe(at('2026-12-08T00:00:00Z'))
    expect(dueInstant({ every: 2000 }, 10_001)).toBe(10_000)
    expect(nextInstant({ every: 2000 }, 10_001)).toBe(12_000)
  })
})
