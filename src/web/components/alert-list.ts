// A job's alerts, active first: severity, summary, when opened and (for resolved ones) resolved.
import type { AlertRecord } from '../../domain/records.js'
import { html, type SafeHtml } from '../html.js'
import { SEVERITY_TONE } from './status.js'
import { timeAgo } from './time.js'

function item(a: AlertRecord, now: number, zone: string): SafeHtml {
  return html`<li class="problem job-alert">
<span class="badge ${a.status === 'active' ? SEVERITY_TONE[a.severity] : 'idle'}">${a.status === 'active' ? a.severity : 'resolved'}</span>
<span class="problem-text">${a.summary} <span class="muted small mono">${a.type}</span></span>
<span class="muted small">opened ${timeAgo(a.openedAt, now, zone)}${
    a.resolvedAt !== null ? html`, resolved ${timeAgo(a.resolvedAt, now, zone)}` : ''
  }</span></li>`
}

export function alertList(
  active: AlertRecord[],
  resolved: AlertRecord[],
  now: number,
  zone: string,
): SafeHtml {
  if (active.length + resolved.length === 0) return html`<p class="muted">No alerts for this job.</p>`
  return html`${active.length ? html`<ul class="problems" aria-label="Active alerts">${active.map((a) => item(a, now, zone))}</ul>` : html`<p class="muted">No active alert.</p>`}
${resolved.length ? html`<h3 class="small muted">Recently resolved</h3><ul class="problems" aria-label="Resolved alerts">${resolved.map((a) => item(a, now, zone))}</ul>` : ''}`
}
