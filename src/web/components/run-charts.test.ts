import { describe, expect, it } from 'vitest'
import type { RunRecord } from '../../domain/records.js'
import { RUN_CHARTS, runChart, runCharts } from './run-charts.js'

const GiB = 2 ** 30
const T0 = Date.parse('2026-12-01T02:00:00Z')

function run(i: number, status: RunRecord['status'], sizeBytes: number | null): RunRecord {
  return {
    status,
    sizeBytes,
    addedBytes: null,
    durationMs: 60_000 * (i + 1),
    finishedAt: T0 + i * 86_400_000,
    startedAt: null,
  } as RunRecord
}

const size = RUN_CHARTS.find((c) => c.id === 'size')!

describe('runChart', () => {
  // listed newest first, drawn oldest left
  const runs = [run(2, 'succeeded', 3 * GiB), run(1, 'failed', null), run(0, 'warning', 2 * GiB)]

  it('draws a bar per run with the number, scaled to the highest, oldest left', () => {
    const svg = runChart(size, runs, 'UTC')!.toString()
    const bars = [...svg.matchAll(/<rect class="([^"]+)" x="([\d.]+)" y="([\d.]+)"/g)]
    expect(bars.map((b) => b[1])).toEqual(['bar warn', 'bar'])
    // the highest fills the height, 2 GiB two thirds of it
    expect(Number(bars[1]![3])).toBe(0)
    expect(Number(bars[0]![3])).toBeCloseTo(40, 0)
    expect(svg).toContain('role="img"')
    expect(svg).toContain(
      'aria-label="Size of the last 2 runs: latest 3.0 GiB, highest 3.0 GiB, lowest 2.0 GiB"',
    )
    expect(svg).toContain('<title>3 Dec 2026, 02:00:00 UTC: 3.0 GiB (succeeded)</title>')
    expect(svg).toContain('<span>1 Dec, 02:00</span><span>3 Dec, 02:00</span>')
  })

  it('has no chart for a number no run reported, and says so when none has any', () => {
    const none = [run(0, 'succeeded', null)].map((r) => ({ ...r, durationMs: null }))
    expect(runChart(size, none, 'UTC')).toBeNull()
    expect(runCharts(none, 'UTC').toString()).toContain('No run reported a size or a duration yet.')
    const durations = runCharts(runs, 'UTC').toString()
    expect(durations.match(/role="img"/g)).toHaveLength(2) // size and duration, no added
    expect(durations).toContain('<rect class="bar bad"')
  })
})
