// Use case: delete a job; its runs, ping events and alerts go with it (foreign keys cascade).
import { target } from '../domain/audit.js'
import { settleProtection } from '../evaluate/settle-server.js'
import type { AuditRecorder } from '../store/roles/audit-store.js'
import type { ApiDeps } from './api-deps.js'
import { findJob } from './lookup.js'

export async function deleteJob(deps: ApiDeps, ref: string, audit: AuditRecorder): Promise<void> {
  await deps.store.transaction(async (tx) => {
    const job = await findJob(tx, ref)
    await tx.deleteJob(job.id)
    await audit(tx, { action: 'job.deleted', target: target('job', job.id, job.slug) })
    await settleProtection(tx, job.serverId, deps.clock.now())
  })
}
