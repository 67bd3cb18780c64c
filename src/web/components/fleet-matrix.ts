// The fleet matrix: a row per server, a cell per job, coloured and marked by state, with the age
// of the last success against the job's max_age ("26h/24h"). Servers whose jobs are worst lead.
import type { JobRecord } from '../../domain/records.js'
import { html, type SafeHtml } from '../html.js'
import { shortSpan, span } from './format.js'
import { jobStatusView, type Tone } from './status.js'

const GLYPH: Record<Tone, string> = { bad: '✕', warn: '!', ok: '✓', idle: '–' }

function age(job: JobRecord, now: number): { text: string; over: boolean; words: string } {
  const maxAge = job.effectivePolicy.maxAge
  if (job.lastSuccessAt === null) return { text: 'never', over: maxAge !== null, words: 'no success yet' }
  const a = now - job.lastSuccessAt
  const over = maxAge !== null && a > maxAge
  const words = `last success ${span(a)} ago${maxAge !== null ? ` (max ${span(maxAge)})` : ''}`
  return { text: maxAge === null ? shortSpan(a) : `${shortSpan(a)}/${shortSpan(maxAge)}`, over, words }
}

function cell(job: JobRecord, now: number): SafeHtml {
  const view = jobStatusView(job)
  const a = age(job, now)
  return html`<li><a class="cell ${view.tone}" href="/jobs/${encodeURIComponent(job.slug)}" title="${job.name}: ${view.label}, ${a.words}">
<span class="glyph" aria-hidden="true">${GLYPH[view.tone]}</span><span class="sr-only">${view.label}:</span>
<span class="cell-name">${job.name}</span><span class="cell-age ${a.over ? 'over' : ''}">${a.text}</span></a></li>`
}

export function fleetMatrix(jobs: JobRecord[], now: number, more: boolean): SafeHtml {
  if (jobs.length === 0) return html`<p class="muted">No jobs yet.</p>`
  const byServer = new Map<string, JobRecord[]>()
  for (const job of jobs) {
    const key = job.serverName ?? ''
    byServer.set(key, [...(byServer.get(key) ?? []), job])
  }
  const rows = [...byServer].map(([server, list]) => {
    const offline = list[0]!.serverOfflineSince !== null
    const sorted = [...list].sort((a, b) => a.name.localeCompare(b.name))
    return html`<tr><th scope="row">${server || html`<span class="muted">no server</span>`}${
      offline ? html` <span class="badge bad">Offline</span>` : ''
    }</th><td><ul class="cells">${sorted.map((j) => cell(j, now))}</ul></td></tr>`
  })
  return html`<div class="table-wrap"><table class="matrix">
<caption class="sr-only">Jobs by server: state and age of the last success against max_age</caption>
<thead><tr><th scope="col">Server</th><th scope="col">Jobs · last success / max age</th></tr></thead>
<tbody>${rows}</tbody></table></div>${
    more
      ? html`<p class="muted small">The ${jobs.length} worst jobs are shown. <a href="/jobs">Every job →</a></p>`
      : ''
  }`
}
