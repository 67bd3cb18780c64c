// The Silences page's create form: its fields (matchers as comma-separated lists, a duration or an
// end time, a name and a reason) turned into the API's JSON map, which createSilence parses with
// the one silence schema (so the form is checked exactly as POST /api/v1/silences is), and the
// form rendered again with what was typed and why it was refused.
import { csrfField, inProject } from '../components/form-action.js'
import { html, type SafeHtml } from '../html.js'
import type { WebContext } from '../web-route.js'

/** The matcher fields: form name, the API's matcher key, label, hint. */
export const MATCHER_FIELDS = [
  ['jobs', 'jobs', 'Jobs', 'Job slugs, e.g. db-nightly, web-home'],
  ['servers', 'servers', 'Servers', 'Server names, e.g. nas-01'],
  ['environment', 'environment', 'Environments', 'e.g. production, staging'],
  ['tags', 'tags', 'Tags', 'An alert with any of them matches'],
  ['types', 'types', 'Alert types', 'e.g. job.failed, server.offline'],
] as const

const TEXT_FIELDS = ['duration', 'until', 'name', 'comment'] as const

export type SilenceFormValues = Partial<
  Record<(typeof MATCHER_FIELDS)[number][0] | (typeof TEXT_FIELDS)[number], string>
>

export function formValues(form: URLSearchParams): SilenceFormValues {
  const out: SilenceFormValues = {}
  for (const name of [...MATCHER_FIELDS.map((f) => f[0]), ...TEXT_FIELDS]) {
    const v = form.get(name)?.trim()
    if (v) out[name] = v
  }
  return out
}

const list = (text: string) =>
  text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')

/** The API's body for the form: `{match, duration | ends_at, name?, comment?}`. */
export function silenceBody(v: SilenceFormValues): Record<string, unknown> {
  const match: Record<string, string[]> = {}
  for (const [field, key] of MATCHER_FIELDS) {
    const items = list(v[field] ?? '')
    if (items.length > 0) match[key] = items
  }
  return {
    match,
    ...(v.duration !== undefined && { duration: v.duration }),
    ...(v.until !== undefined && { ends_at: v.until }),
    ...(v.name !== undefined && { name: v.name }),
    ...(v.comment !== undefined && { comment: v.comment }),
  }
}

function input(name: string, label: string, hint: string, value: string | undefined, extra = '') {
  return html`<div class="field"><label for="s-${name}">${label}</label>
<input id="s-${name}" name="${name}" type="text" value="${value ?? ''}" aria-describedby="s-${name}-hint" ${extra}>
<span class="help" id="s-${name}-hint">${hint}</span></div>`
}

export function silenceForm(ctx: WebContext, v: SilenceFormValues, error: string | null): SafeHtml {
  return html`<section class="panel" aria-labelledby="new-silence-h"><h2 id="new-silence-h">New silence</h2>
<p class="muted small">Alerts a silence matches are still recorded, but not sent until it ends. Lists are comma-separated; each list given must contain the alert's value.</p>
${error ? html`<p class="alert bad" role="alert" id="silence-error">${error}</p>` : ''}
<form method="post" action="${inProject(ctx, '/silences')}">
${csrfField(ctx)}
<fieldset class="plain"><legend>Match (at least one)</legend>
<div class="form-grid">${MATCHER_FIELDS.map(([name, , label, hint]) => input(name, label, hint, v[name]))}</div>
</fieldset>
<fieldset class="plain"><legend>How long, and why</legend>
<div class="form-grid">
${input('duration', 'Duration', 'e.g. 2h, 30m, 1d', v.duration)}
${input('until', 'Or until', 'ISO time, e.g. 2026-12-06T06:00:00Z', v.until)}
${input('name', 'Name (optional)', 'letters, digits, . - _', v.name)}
${input('comment', 'Reason', 'shown with the silence and in the notification history', v.comment)}
</div></fieldset>
<button type="submit" class="button primary">Create silence</button>
</form></section>`
}
