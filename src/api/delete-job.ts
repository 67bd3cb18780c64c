// DELETE /api/v1/jobs/{id}: the job, locked, deleted by the request's principal (app/jobs/delete-job.ts).
import { deleteJob as deleteJobRecord } from '../app/jobs/delete-job.js'
import type { Principal } from '../domain/access.js'
import type { AuditRecorder } from '../store/roles/audit-store.js'
import type { ApiDeps } from './api-deps.js'
import { notFound } from './api-errors.js'
import { findJob } from './lookup.js'

export async function deleteJob(
  deps: ApiDeps,
  ref: string,
  principal: Principal,
  audit: AuditRecorder,
): Promise<void> {
  await deps.store.transaction(async (tx) => {
    // locked: a ping settling it meanwhile waits (and then finds it gone)
    const [job] = await tx.lockJobs([(await findJob(tx, ref)).id])
    if (!job) throw notFound('job')
    await deleteJobRecord(tx, job, principal.name, audit, deps.clock.now())
  })
}
