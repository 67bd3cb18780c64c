// The job page's action forms: pause or resume and silence (operators and admins), the
// schedule and grace (admins). Each posts to a route of pages/job-actions.ts; a refused form is
// shown again with what was typed and the message, tied to its fields.
import { can } from '../../domain/access.js'
import { formatDuration } from '../../domain/duration.js'
import type { JobRecord } from '../../domain/records.js'
import { html, type SafeHtml } from '../html.js'
import type { WebContext } from '../web-route.js'
import { csrfField, inProject } from './form-action.js'

export type JobForm = 'silence' | 'schedule'

/** A refused form: which, its message, and what was typed. */
export interface FormState {
  form: JobForm
  error: string
  values: URLSearchParams
}

const SILENCE_FOR = [
  ['1h', '1 hour'],
  ['4h', '4 hours'],
  ['12h', '12 hours'],
  ['1d', '1 day'],
  ['3d', '3 days'],
  ['1w', '1 week'],
] as const

export const jobPath = (job: JobRecord) => `/jobs/${encodeURIComponent(job.slug)}`

/** Where an action posts: in the page's project (form-action.ts says why). */
const actionPath = (ctx: WebContext, job: JobRecord, action: string) =>
  inProject(ctx, `${jobPath(job)}/${action}`)

function errorLine(id: string, state: FormState | null, form: JobForm): SafeHtml {
  return state?.form === form ? html`<p class="alert bad" role="alert" id="${id}">${state.error}</p>` : html``
}

function pauseForm(ctx: WebContext, job: JobRecord): SafeHtml {
  const action = job.paused ? 'resume' : 'pause'
  return html`<form method="post" action="${actionPath(ctx, job, action)}" class="action-form">
${csrfField(ctx)}
<p class="muted small">${job.paused ? 'Paused: it raises no alert until resumed (a ping resumes it too).' : 'Pausing stops its alerts, e.g. while its server is being rebuilt.'}</p>
<button type="submit" class="button">${job.paused ? 'Resume' : 'Pause'}</button></form>`
}

function silenceForm(ctx: WebContext, job: JobRecord, state: FormState | null): SafeHtml {
  const values = state?.form === 'silence' ? state.values : null
  const chosen = values?.get('duration') ?? '4h'
  const invalid = state?.form === 'silence'
  return html`<form method="post" action="${actionPath(ctx, job, 'silence')}" class="action-form">
${csrfField(ctx)}
<fieldset><legend>Silence its notifications</legend>
${errorLine('silence-error', state, 'silence')}
<div class="field"><label for="silence-duration">For</label>
<select id="silence-duration" name="duration">${SILENCE_FOR.map(
    ([v, words]) => html`<option value="${v}" ${v === chosen ? 'selected' : ''}>${words}</option>`,
  )}</select></div>
<div class="field"><label for="silence-reason">Reason</label>
<input id="silence-reason" name="reason" required maxlength="500" value="${values?.get('reason') ?? ''}" ${
    invalid ? html`aria-describedby="silence-error" aria-invalid="true"` : ''
  }></div>
<button type="submit" class="button">Silence</button></fieldset></form>`
}

function scheduleForm(
  ctx: WebContext,
  job: JobRecord,
  state: FormState | null,
  fromConfig: boolean,
): SafeHtml {
  const typed = state?.form === 'schedule' ? state.values : null
  const s = job.schedule
  const kind = typed?.get('kind') ?? ('cron' in s ? 'cron' : 'every')
  const value = (name: string, current: string) => typed?.get(name) ?? current
  const every = value('every', 'every' in s ? formatDuration(s.every) : '')
  const cron = value('cron', 'cron' in s ? s.cron : '')
  const tz = value('tz', 'cron' in s ? s.tz : 'UTC')
  const grace = value('grace', formatDuration(job.grace))
  const described = state?.form === 'schedule' ? html`aria-describedby="schedule-error"` : ''
  return html`<form method="post" action="${actionPath(ctx, job, 'schedule')}" class="action-form">
${csrfField(ctx)}
<fieldset><legend>Schedule and grace</legend>
${errorLine('schedule-error', state, 'schedule')}
${fromConfig ? html`<p class="muted small">The config file declares this job: the file's settings are applied again at the next start.</p>` : ''}
<div class="schedule-kinds">
<div class="kind-row"><span class="radio"><input type="radio" id="kind-every" name="kind" value="every" ${kind === 'every' ? 'checked' : ''}><label for="kind-every">Every</label></span>
<label class="sr-only" for="every">Period</label><input id="every" name="every" value="${every}" placeholder="1d" size="8" ${described}></div>
<div class="kind-row"><span class="radio"><input type="radio" id="kind-cron" name="kind" value="cron" ${kind === 'cron' ? 'checked' : ''}><label for="kind-cron">Cron</label></span>
<label class="sr-only" for="cron">Cron expression</label><input id="cron" name="cron" class="mono" value="${cron}" placeholder="0 3 * * *" size="14" ${described}>
</div>
<div class="kind-row tz-row"><label for="tz">Time zone</label><input id="tz" name="tz" value="${tz}" size="16" ${described}></div>
</div>
<div class="field"><label for="grace">Grace</label><input id="grace" name="grace" value="${grace}" placeholder="1h" size="8" ${described}></div>
<p class="help">Durations like 90s, 15m, 1h30m, 1d, 2w.</p>
<button type="submit" class="button">Save schedule</button></fieldset></form>`
}

/** The actions this user may take on the job; nothing for a viewer. */
export function jobActions(
  ctx: WebContext,
  job: JobRecord,
  fromConfig: boolean,
  state: FormState | null = null,
): SafeHtml {
  const operate = can(ctx.principal, 'operate')
  const admin = can(ctx.principal, 'admin')
  if (!operate && !admin) return html``
  return html`<section class="panel" aria-labelledby="actions-h"><h2 id="actions-h">Actions</h2>
<div class="actions-grid">${operate ? html`${pauseForm(ctx, job)}${silenceForm(ctx, job, state)}` : ''}${
    admin ? scheduleForm(ctx, job, state, fromConfig) : ''
  }</div></section>`
}
