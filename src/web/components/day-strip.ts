// The job page's 30-day strip: one cell per calendar day in the job's zone, oldest first, its
// tone the worst thing that day (failed > missed > warning > ok > no run). Every cell carries its
// words (a title for the pointer, hidden text for screen readers), never colour alone. Runs come
// counted per 15 minutes (store countRunBuckets): every zone's midnight falls on such a boundary.
import type { RunBucket } from '../../store/run-buckets-queries.js'
import { html, type SafeHtml } from '../html.js'

/** the span runs are counted in: every UTC offset is a multiple of it */
export const STRIP_BUCKET_MS = 15 * 60_000

export type DayTone = 'failed' | 'missed' | 'warning' | 'ok' | 'none'

export interface StripDay {
  /** "2026-12-05" in the job's zone */
  date: string
  tone: DayTone
  failed: number
  warning: number
  ok: number
  missed: number
}

const GLYPH: Record<DayTone, string> = {
  failed: '✕',
  missed: '?',
  warning: '!',
  ok: '✓',
  none: '',
}
export const TONE_WORDS: Record<DayTone, string> = {
  failed: 'failed',
  missed: 'missed',
  warning: 'warning',
  ok: 'ok',
  none: 'no run',
}

const keyFormats = new Map<string, Intl.DateTimeFormat>()
/** The calendar date of an instant in a zone: "2026-12-05". */
export function dayKey(at: number, zone: string): string {
  let f = keyFormats.get(zone)
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone: zone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    })
    keyFormats.set(zone, f)
  }
  return f.format(at)
}

function daysBack(today: string, n: number): string[] {
  const [y, m, d] = today.split('-').map(Number) as [number, number, number]
  const out: string[] = []
  for (let i = n - 1; i >= 0; i--) out.push(new Date(Date.UTC(y, m - 1, d - i)).toISOString().slice(0, 10))
  return out
}

/**
 * The last `days` days up to today. `runs`: the finished runs of the window counted per status
 * and STRIP_BUCKET_MS; `missedAt`: when job.missed alerts opened.
 */
export function stripDays(
  runs: readonly RunBucket[],
  missedAt: readonly number[],
  now: number,
  zone: string,
  days = 30,
): StripDay[] {
  const list = daysBack(dayKey(now, zone), days).map(
    (date): StripDay => ({ date, tone: 'none', failed: 0, warning: 0, ok: 0, missed: 0 }),
  )
  const byDate = new Map(list.map((d) => [d.date, d]))
  for (const b of runs) {
    const day = byDate.get(dayKey(b.start, zone))
    if (!day) continue
    if (b.status === 'failed') day.failed += b.count
    else if (b.status === 'warning') day.warning += b.count
    else day.ok += b.count
  }
  for (const at of missedAt) {
    const day = byDate.get(dayKey(at, zone))
    if (day) day.missed++
  }
  for (const d of list) {
    d.tone =
      d.failed > 0 ? 'failed' : d.missed > 0 ? 'missed' : d.warning > 0 ? 'warning' : d.ok > 0 ? 'ok' : 'none'
  }
  return list
}

const dateWords = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'UTC',
  weekday: 'short',
  day: 'numeric',
  month: 'short',
})

/** "Fri 5 Dec: failed (1 failed, 2 ok)" */
export function dayWords(d: StripDay): string {
  const when = dateWords.format(Date.parse(`${d.date}T00:00:00Z`))
  const parts = [
    d.failed && `${d.failed} failed`,
    d.missed && `${d.missed} missed-run ${d.missed === 1 ? 'alert' : 'alerts'}`,
    d.warning && `${d.warning} with warnings`,
    d.ok && `${d.ok} ok`,
  ].filter(Boolean)
  return `${when}: ${TONE_WORDS[d.tone]}${parts.length ? ` (${parts.join(', ')})` : ''}`
}

const LEGEND: DayTone[] = ['failed', 'missed', 'warning', 'ok', 'none']

export function dayStrip(days: StripDay[], zone: string): SafeHtml {
  const cells = days.map((d) => {
    const words = dayWords(d)
    return html`<li class="day ${d.tone}" title="${words}"><span class="day-glyph" aria-hidden="true">${GLYPH[d.tone]}</span><span class="sr-only">${words}</span></li>`
  })
  const legend = LEGEND.map(
    (t) =>
      html`<li><span class="day ${t}" aria-hidden="true"><span class="day-glyph">${GLYPH[t]}</span></span>${TONE_WORDS[t]}</li>`,
  )
  const first = days[0]
  return html`<ol class="strip" aria-label="Last ${days.length} days, oldest first (${zone})">${cells}</ol>
<div class="strip-scale muted small" aria-hidden="true"><span>${first ? dayWords(first).split(':')[0] : ''}</span><span>today</span></div>
<ul class="legend small" aria-label="Legend">${legend}</ul>`
}
