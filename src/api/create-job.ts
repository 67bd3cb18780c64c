// Use case: create a job from API fields (slug required; the rest defaults as for an implicitly
// created job: name = slug, tool generic, every 1d, grace 1h).

import { jobSlugTaken } from '../app/jobs/delete-job.js'
import { jobSettingsColumns } from '../app/jobs/job-columns.js'
import { defaultJob } from '../app/jobs/job-defaults.js'
import type { JobSpec } from '../config/job-spec.js'
import { type AuditNote, target } from '../domain/audit.js'
import type { JobRecord } from '../domain/records.js'
import { settleJob } from '../evaluate/settle-job.js'
import { settleProtection } from '../evaluate/settle-server.js'
import type { AuditRecorder } from '../store/roles/audit-store.js'
import type { ApiDeps } from './api-deps.js'
import { conflict } from './api-errors.js'

export async function createJob(
  deps: ApiDeps,
  spec: JobSpec & { slug: string },
  audit: AuditRecorder,
  note: AuditNote,
): Promise<JobRecord> {
  const now = deps.clock.now()
  const { job, nextDueAt } = await deps.store.transaction(async (tx) => {
    if (await tx.getJob({ slug: spec.slug })) throw conflict(`a job with slug "${spec.slug}" already exists`)
    const columns = await jobSettingsColumns(tx, spec, now)
    const created = await tx.createJob({ ...defaultJob(spec.slug), ...columns }, now)
    await audit(tx, { ...note, target: target('job', created.id, created.slug) })
    await jobSlugTaken(tx, created, now)
    const nextDueAt = await settleJob(tx, created, now)
    await settleProtection(tx, created.serverId, now)
    return { job: (await tx.getJob({ id: created.id }))!, nextDueAt }
  })
  if (nextDueAt !== null) deps.notifyDue(nextDueAt)
  return job
}
