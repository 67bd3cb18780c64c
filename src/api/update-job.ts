// Use case: change a job's settings (PATCH, pause, resume), then re-derive its status and deadline.

import { jobSlugTaken } from '../app/jobs/delete-job.js'
import { jobSettingsColumns } from '../app/jobs/job-columns.js'
import type { JobSpec } from '../config/job-spec.js'
import { type AuditNote, target } from '../domain/audit.js'
import type { JobRecord } from '../domain/records.js'
import { settleJob } from '../evaluate/settle-job.js'
import { settleProtection } from '../evaluate/settle-server.js'
import type { AuditRecorder } from '../store/roles/audit-store.js'
import type { ApiDeps } from './api-deps.js'
import { conflict, notFound } from './api-errors.js'
import { findJob } from './lookup.js'

/** `note`: job.updated (PATCH), job.paused, job.resumed. */
export async function updateJob(
  deps: ApiDeps,
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
      throw conflict(`a job with slug "${spec.slug}" already exists`)
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
