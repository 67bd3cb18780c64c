// The job page's 30-day strip: one cell per calendar day in the job's zone, oldest first, its
// tone the worst thing that day (failed > missed > warning > ok > no run). Every cell carries its
// words (a title for the pointer, hidden text for screen readers), never colour alone.
import type { RunRecord } from '../../domain/records.js'
import { html, type SafeHtml } from '../html.js'

export type DayTone = 'failed' | 'missed' | 'warning' | 'ok' | 'none' | 'uncounted'

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
  uncounted: '',
}
export const TONE_WORDS: Record<DayTone, string> = {
  failed: 'failed',
  missed: 'missed',
  warning: 'warning',
  ok: 'ok',
  none: 'no run',
  uncounted: 'not counted',
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
 * The last `days` days up to today. `runs` are the finished runs of the window (any order);
 * `missedAt` when job.missed alerts opened; `countedFrom`: days before it were not all read
 * (too many runs), shown as "not counted" unless something was seen.
 */
export function stripDays(
  runs: readonly RunRecord[],
  missedAt: readonly number[],
  now: number,
  zone: string,
  days = 30,
  countedFrom: number | null = null,
): StripDay[] {
  const list = daysBack(dayKey(now, zone), days).map(
    (date): StripDay => ({ date, tone: 'none', failed: 0, warning: 0, ok: 0, missed: 0 }),
  )
  const byDate = new Map(list.map((d) => [d.date, d]))
  for (const run of runs) {
    const at = run.finishedAt ?? run.startedAt
    const day = at === null ? undefined : byDate.get(dayKey(at, zone))
    if (!day || run.status === 'running') continue
    if (run.status === 'failed') day.failed++
    else if (run.status === 'warning') day.warning++
    else day.ok++
  }
  for (const at of missedAt) {
    const day = byDate.get(dayKey(at, zone))
    if (day) day.missed++
  }
  const firstCounted = countedFrom === null ? null : dayKey(countedFrom, zone)
  for (const d of list) {
    d.tone =
      d.failed > 0
        ? 'failed'
        : d.missed > 0
          ? 'missed'
          : d.warning > 0
            ? 'warning'
            : d.ok > 0
              ? 'ok'
              : firstCounted !== null && d.date < firstCounted
                ? 'uncounted'
                : 'none'
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
  const tones = days.some((d) => d.tone === 'uncounted') ? [...LEGEND, 'uncounted' as const] : LEGEND
  const legend = tones.map(
    (t) =>
      html`<li><span class="day ${t}" aria-hidden="true"><span class="day-glyph">${GLYPH[t]}</span></span>${TONE_WORDS[t]}</li>`,
  )
  const first = days[0]
  return html`<ol class="strip" aria-label="Last ${days.length} days, oldest first (${zone})">${cells}</ol>
<div class="strip-scale muted small" aria-hidden="true"><span>${first ? dayWords(first).split(':')[0] : ''}</span><span>today</span></div>
<ul class="legend small" aria-label="Legend">${legend}</ul>`
}
