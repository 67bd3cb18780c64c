// Use case: change a job's settings (the API's PATCH, pause, resume; the dashboard's job page),
// then re-derive its status and deadline.
import type { Clock } from '../../clock.js'
import type { JobSpec } from '../../config/job-spec.js'
import { type AuditNote, target } from '../../domain/audit.js'
import type { JobRecord } from '../../domain/records.js'
import { settleJob } from '../../evaluate/settle-job.js'
import { settleProtection } from '../../evaluate/settle-server.js'
import { HttpError, notFound } from '../../http/http-error.js'
import type { AuditRecorder } from '../../store/roles/audit-store.js'
import type { Store } from '../../store/store.js'
import { jobSlugTaken } from './delete-job.js'
import { findJob } from './find-job.js'
import { jobSettingsColumns } from './job-columns.js'

export interface UpdateJobDeps {
  /** bound to the request's project */
  store: Store
  clock: Clock
  /** the evaluator's wake-up: a job is due at `at` */
  notifyDue: (at: number) => void
}

/** `note`: job.updated (PATCH), job.paused, job.resumed. */
export async function updateJob(
  deps: UpdateJobDeps,
  ref: string,
  spec: JobSpec,
  audit: AuditRecorder,
  note: AuditNote,
): Promise<JobRecord> {
  const now = deps.clock.now()
  const { job, nextDueAt } = await deps.store.transaction(async (tx) => {
    // locked: a ping or the evaluator settling it meanwhile waits, and is not overwritten
    const [current] = await tx.lockJobs([(await findJob(tx, ref)).id])
    if (!current) throw notFound('job')
    if (spec.slug !== undefined && spec.slug !== current.slug && (await tx.getJob({ slug: spec.slug }))) {
      throw new HttpError(409, 'conflict', `a job with slug "${spec.slug}" already exists`)
    }
    const columns = await jobSettingsColumns(tx, spec, now)
    const updated =
      Object.keys(columns).length === 0 ? current : await tx.updateJobSettings(current.id, columns, now)
    await audit(tx, { ...note, target: target('job', current.id, updated.slug) })
    if (updated.slug !== current.slug) await jobSlugTaken(tx, updated, now)
    const nextDueAt = await settleJob(tx, updated, now)
    await settleProtection(tx, current.serverId, now)
    if (updated.serverId !== current.serverId) await settleProtection(tx, updated.serverId, now)
    return { job: (await tx.getJob({ id: current.id }))!, nextDueAt }
  })
  if (nextDueAt !== null) deps.notifyDue(nextDueAt)
  return job
}
