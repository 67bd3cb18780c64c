// Hand-written SVG bar charts of a job's last runs (size, added bytes, duration): one bar per run,
// oldest left. The scale (top value, zero, first and last run's date) is HTML beside the SVG, so
// it stays readable when the chart stretches to the page's width. Each chart is an image with
// its summary as the accessible name; each bar has its run's value as a tooltip.
import type { RunRecord } from '../../domain/records.js'
import { html, type SafeHtml } from '../html.js'
import { bytes, exactTime, span } from './format.js'

export interface ChartSpec {
  id: string
  title: string
  value: (run: RunRecord) => number | null
  format: (n: number) => string
}

export const RUN_CHARTS: ChartSpec[] = [
  { id: 'size', title: 'Size', value: (r) => r.sizeBytes, format: bytes },
  { id: 'added', title: 'Added', value: (r) => r.addedBytes, format: bytes },
  { id: 'duration', title: 'Duration', value: (r) => r.durationMs, format: span },
]

const shortFormats = new Map<string, Intl.DateTimeFormat>()
/** "20 Nov, 02:00" in the zone: the chart's first and last run */
function shortTime(at: number, zone: string): string {
  let f = shortFormats.get(zone)
  if (!f) {
    const opts = {
      timeZone: zone,
      day: 'numeric',
      month: 'short',
      hour: '2-digit',
      minute: '2-digit',
    } as const
    f = new Intl.DateTimeFormat('en-GB', opts)
    shortFormats.set(zone, f)
  }
  return f.format(at)
}

const W = 600
const H = 120

/** A chart of `runs` (newest first, as listed); null when no run has this number. */
export function runChart(spec: ChartSpec, runs: readonly RunRecord[], zone: string): SafeHtml | null {
  const points = runs
    .flatMap((r) => {
      const v = spec.value(r)
      const at = r.finishedAt ?? r.startedAt
      return v === null || at === null ? [] : [{ run: r, v, at }]
    })
    .reverse()
  if (points.length === 0) return null
  const max = Math.max(...points.map((p) => p.v))
  const top = max > 0 ? max : 1
  const slot = W / points.length
  const gap = Math.min(slot * 0.2, 4)
  const bars = points.map((p, i) => {
    const h = Math.max((p.v / top) * H, p.v > 0 ? 1 : 0)
    const cls = p.run.status === 'failed' ? 'bar bad' : p.run.status === 'warning' ? 'bar warn' : 'bar'
    return html`<rect class="${cls}" x="${(i * slot + gap / 2).toFixed(1)}" y="${(H - h).toFixed(1)}" width="${(slot - gap).toFixed(1)}" height="${h.toFixed(1)}"><title>${exactTime(p.at, zone)}: ${spec.format(p.v)} (${p.run.status})</title></rect>`
  })
  const first = points[0]!
  const last = points[points.length - 1]!
  const label = `${spec.title} of the last ${points.length} runs: latest ${spec.format(last.v)}, highest ${spec.format(max)}, lowest ${spec.format(Math.min(...points.map((p) => p.v)))}`
  return html`<figure class="chart" id="chart-${spec.id}">
<figcaption>${spec.title} <span class="muted small">latest ${spec.format(last.v)}</span></figcaption>
<div class="chart-body">
<div class="chart-y muted small" aria-hidden="true"><span>${spec.format(max)}</span><span>0</span></div>
<svg role="img" aria-label="${label}" viewBox="0 0 ${W} ${H}" preserveAspectRatio="none" class="chart-svg"><title>${label}</title><line class="axis" x1="0" y1="${H}" x2="${W}" y2="${H}"></line>${bars}</svg>
</div>
<div class="chart-x muted small" aria-hidden="true"><span>${shortTime(first.at, zone)}</span><span>${shortTime(last.at, zone)}</span></div>
</figure>`
}

export function runCharts(runs: readonly RunRecord[], zone: string): SafeHtml {
  const charts = RUN_CHARTS.flatMap((c) => runChart(c, runs, zone) ?? [])
  return charts.length === 0
    ? html`<p class="muted">No run reported a size or a duration yet.</p>`
    : html`<div class="charts">${charts}</div>`
}
