import { describe, expect, it } from 'vitest'
import type { RunRecord } from '../../domain/records.js'
import { dayKey, dayStrip, dayWords, stripDays } from './day-strip.js'

const NOW = Date.parse('2026-12-05T10:00:00Z')
const H = 3_600_000

function run(status: RunRecord['status'], finishedAt: number): RunRecord {
  return { status, finishedAt, startedAt: finishedAt - 60_000 } as RunRecord
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
        run('succeeded', NOW - 1 * 24 * H),
        run('failed', NOW - 1 * 24 * H + H),
        run('warning', NOW - 2 * 24 * H),
        run('succeeded', NOW - 2 * 24 * H + H),
        run('succeeded', NOW - 3 * 24 * H),
        run('warning', NOW - 4 * 24 * H),
        run('running', NOW - 5 * 24 * H),
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
  })

  it("counts days in the job's zone", () => {
    // 23:30 UTC on 4 Dec is already 5 Dec in Berlin
    const at = Date.parse('2026-12-04T23:30:00Z')
    expect(dayKey(at, 'Europe/Berlin')).toBe('2026-12-05')
    const days = stripDays([run('failed', at)], [], NOW, 'Europe/Berlin')
    expect(days[29]!.tone).toBe('failed')
    expect(days[28]!.tone).toBe('none')
  })

  it('marks the days before the oldest run read as not counted', () => {
    const days = stripDays([run('succeeded', NOW - 2 * 24 * H)], [], NOW, 'UTC', 30, NOW - 2 * 24 * H)
    expect(days.filter((d) => d.tone === 'uncounted')).toHaveLength(27)
    expect(days[27]!.tone).toBe('ok')
    expect(days[28]!.tone).toBe('none')
    // the legend names it only when a day is not counted
    expect(dayStrip(days, 'UTC').toString()).toContain('not counted</li></ul>')
    expect(dayStrip(stripDays([], [], NOW, 'UTC'), 'UTC').toString()).not.toContain('not counted')
  })
})
