// The job page's actions and their POST routes. Pause/resume and silence need `operate` (as POST
// /api/v1/jobs/{id}/pause|resume and /api/v1/silences), the schedule and grace `admin` (as PATCH
// /api/v1/jobs/{id}); each goes through the same app/ use case and validation as the API, so it is
// checked and audited the same way. A refused value shows the page again with the form, what was
// typed and the message (422); done, the page is shown again by a redirect saying what happened.
import { updateJob } from '../../app/jobs/update-job.js'
import { createSilence } from '../../app/silences/silence-changes.js'
import { parseInput } from '../../app/validate-input.js'
import { apiJobSpecSchema } from '../../config/job-spec.js'
import { fieldsOf } from '../../domain/audit.js'
import type { JobRecord } from '../../domain/records.js'
import { HttpError } from '../../http/http-error.js'
import { redirectAfterForm } from '../components/form-action.js'
import { type JobForm, jobPath } from '../components/job-action-forms.js'
import type { WebContext, WebHandler } from '../web-route.js'
import { findJobBySlug, showJobPage } from './job-page.js'

/** Runs `change`; a refused input (4xx but 404) shows the page again with the form's message. */
async function submit(
  ctx: WebContext,
  deps: Parameters<WebHandler>[1],
  form: JobForm,
  change: (job: JobRecord) => Promise<string>,
): Promise<void> {
  const job = await findJobBySlug(deps, ctx.params.slug!)
  let done: string
  try {
    done = await change(job)
  } catch (err) {
    if (!(err instanceof HttpError) || err.status >= 500 || err.status === 404) throw err
    const state = { form, error: err.message, values: ctx.form }
    return showJobPage(ctx, deps, job, { status: 422, state })
  }
  redirectAfterForm(ctx, `${jobPath(job)}?done=${done}#main`)
}

export function pauseOrResume(paused: boolean): WebHandler {
  return (ctx, deps) =>
    submit(ctx, deps, 'schedule', async (job) => {
      const note = { action: paused ? 'job.paused' : 'job.resumed' }
      await updateJob(deps, String(job.id), { paused }, ctx.audit, note)
      return paused ? 'paused' : 'resumed'
    })
}

export const silenceJob: WebHandler = (ctx, deps) =>
  submit(ctx, deps, 'silence', async (job) => {
    const reason = (ctx.form.get('reason') ?? '').trim()
    if (!reason) throw new HttpError(400, 'invalid_request', 'reason: say why (it is shown with the silence)')
    const body = { match: { jobs: [job.slug] }, duration: ctx.form.get('duration') ?? '', comment: reason }
    const changes = { store: deps.store, audit: ctx.audit, now: ctx.now, changed: deps.onSilencesChanged }
    await createSilence(changes, body, ctx.principal.name)
    return 'silenced'
  })

export const editSchedule: WebHandler = (ctx, deps) =>
  submit(ctx, deps, 'schedule', async (job) => {
    const f = ctx.form
    const tz = (f.get('tz') ?? '').trim()
    const schedule =
      f.get('kind') === 'cron'
        ? { cron: (f.get('cron') ?? '').trim(), ...(tz && { tz }) }
        : { every: (f.get('every') ?? '').trim() }
    const body = { schedule, grace: (f.get('grace') ?? '').trim() }
    const spec = parseInput(apiJobSpecSchema, body)
    await updateJob(deps, String(job.id), spec, ctx.audit, { action: 'job.updated', details: fieldsOf(body) })
    return 'saved'
  })
