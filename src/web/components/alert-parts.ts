// The parts of an alert the Alerts list and an alert's page share: its severity badge, what it is
// about (the job linked to its page, the server to its jobs; a deleted job by its slug), and the
// Resolve button (operators and admins, through POST /alerts/:id/resolve).
import { deletedJobOf } from '../../domain/present-alert.js'
import type { AlertRecord } from '../../domain/records.js'
import type { SilencedBy } from '../../notify/alert-silences.js'
import { html, joinHtml, type SafeHtml } from '../html.js'
import type { WebContext } from '../web-route.js'
import { csrfField, inProject } from './form-action.js'
import { SEVERITY_TONE } from './status.js'

export function severityBadge(a: Pick<AlertRecord, 'severity'>): SafeHtml {
  return html`<span class="badge ${SEVERITY_TONE[a.severity]}">${a.severity}</span>`
}

export function alertSubject(a: AlertRecord): SafeHtml {
  const parts: SafeHtml[] = []
  const deleted = a.jobSlug === null ? deletedJobOf(a) : null
  if (a.jobSlug !== null) parts.push(html`<a href="/jobs/${encodeURIComponent(a.jobSlug)}">${a.jobSlug}</a>`)
  else if (deleted)
    parts.push(html`<span class="mono">${deleted.slug}</span> <span class="muted">(deleted)</span>`)
  if (a.serverName !== null)
    parts.push(html`<a href="/jobs?server=${encodeURIComponent(a.serverName)}">${a.serverName}</a>`)
  return parts.length === 0
    ? html`<span class="muted">—</span>`
    : joinHtml(parts, html`<span class="muted"> on </span>`)
}

export function silencedChip(by: SilencedBy | undefined): SafeHtml {
  if (!by) return html``
  const label = `silenced by ${by.name ?? `silence ${by.id}`}`
  return html` <a class="chip" href="/silences" title="until ${by.ends_at}${by.comment ? `: ${by.comment}` : ''}">${label}</a>`
}

/** The Resolve form; `next` is where to return after it. */
export function resolveButton(ctx: WebContext, a: AlertRecord, next: string): SafeHtml {
  return html`<form method="post" action="${inProject(ctx, `/alerts/${a.id}/resolve`)}" class="inline-form">
${csrfField(ctx)}<input type="hidden" name="next" value="${next}">
<button type="submit" class="button small" aria-label="Resolve alert ${a.id}">Resolve</button></form>`
}
