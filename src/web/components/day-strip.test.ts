import { describe, expect, it } from 'vitest'
import type { RunBucket } from '../../store/run-buckets-queries.js'
import { dayKey, dayStrip, dayWords, STRIP_BUCKET_MS, stripDays } from './day-strip.js'

const NOW = Date.parse('2026-12-05T10:00:00Z')
const H = 3_600_000

/** runs of one status counted in the 15 minutes holding `at` */
function runs(status: RunBucket['status'], at: number, count = 1): RunBucket {
  return { start: at - (at % STRIP_BUCKET_MS), status, count }
}

describe('stripDays', () => {
  it('gives one day per calendar day, oldest first, ending today', () => {
    const days = stripDays([], [], NOW, 'UTC')
    expect(days).toHaveLength(30)
    expect(days[0]!.date).toBe('2026-11-06')
    expect(days[29]!.date).toBe('2026-12-05')
    expect(days.every((d) => d.tone === 'none')).toBe(true)
  })

  it('shows the worst of each day: failed, then missed, then warning, then ok', () => {
    const days = stripDays(
      [
        runs('succeeded', NOW - 1 * 24 * H),
        runs('failed', NOW - 1 * 24 * H + H),
        runs('warning', NOW - 2 * 24 * H),
        runs('succeeded', NOW - 2 * 24 * H + H, 95),
        runs('succeeded', NOW - 3 * 24 * H),
        runs('warning', NOW - 4 * 24 * H),
        runs('failed', NOW - 40 * 24 * H), // before the strip
      ],
      [NOW - 4 * 24 * H + H],
      NOW,
      'UTC',
    )
    const byDate = Object.fromEntries(days.map((d) => [d.date, d.tone]))
    expect(byDate['2026-12-04']).toBe('failed')
    expect(byDate['2026-12-03']).toBe('warning')
    expect(byDate['2026-12-02']).toBe('ok')
    expect(byDate['2026-12-01']).toBe('missed')
    expect(byDate['2026-11-30']).toBe('none')
    expect(dayWords(days.find((d) => d.date === '2026-12-04')!)).toBe('Fri 4 Dec: failed (1 failed, 1 ok)')
    expect(dayWords(days.find((d) => d.date === '2026-12-03')!)).toBe(
      'Thu 3 Dec: warning (1 with warnings, 95 ok)',
    )
    expect(dayWords(days.find((d) => d.date === '2026-12-01')!)).toBe(
      'Tue 1 Dec: missed (1 missed-run alert, 1 with warnings)',
    )
  })

  it("counts days in the job's zone, half-hour offsets included", () => {
    // 23:30 UTC on 4 Dec is already 5 Dec in Berlin
    const at = Date.parse('2026-12-04T23:30:00Z')
    expect(dayKey(at, 'Europe/Berlin')).toBe('2026-12-05')
    const days = stripDays([runs('failed', at)], [], NOW, 'Europe/Berlin')
    expect(days[29]!.tone).toBe('failed')
    expect(days[28]!.tone).toBe('none')
    // 18:15 UTC is 23:45 in Kolkata (+05:30), 18:30 UTC the next day's 00:00
    const india = stripDays(
      [
        runs('failed', Date.parse('2026-12-03T18:15:00Z')),
        runs('warning', Date.parse('2026-12-03T18:30:00Z')),
      ],
      [],
      NOW,
      'Asia/Kolkata',
    )
    expect(india.slice(-3).map((d) => d.tone)).toEqual(['failed', 'warning', 'none'])
  })

  it('renders a cell per day with its words, and a legend', () => {
    const html = dayStrip(stripDays([runs('failed', NOW - H)], [], NOW, 'UTC'), 'UTC').toString()
    expect(html.match(/<li class="day /g)).toHaveLength(30)
    expect(html).toContain('title="Sat 5 Dec: failed (1 failed)"')
    expect(html).toContain('<span class="sr-only">Sat 5 Dec: failed (1 failed)</span>')
    expect(html).toContain('aria-label="Last 30 days, oldest first (UTC)"')
  })
})
