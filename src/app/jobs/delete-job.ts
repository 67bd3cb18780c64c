// Use case: delete a job (through the API, or because the config file no longer declares it).
// Its runs, ping events and alerts go with it (foreign keys cascade); the deletion is audited and,
// when the job had runs and its policy does not opt out, opens a critical job.deleted alert whose
// subject outlives the row. Run it in a transaction, the job locked.
import { target } from '../../domain/audit.js'
import type { JobRecord } from '../../domain/records.js'
import { deletedJobAlert, deletedJobSubject } from '../../domain/rules/job-deleted.js'
import { settleProtection } from '../../evaluate/settle-server.js'
import type { AlertStore } from '../../store/roles/alert-store.js'
import type { AuditRecorder, AuditStore } from '../../store/roles/audit-store.js'
import type { JobStore } from '../../store/roles/job-store.js'
import type { ServerStore } from '../../store/roles/server-store.js'

export type DeleteJobStore = JobStore & ServerStore & AlertStore & AuditStore

/** `deletedBy`: who, as the alert says it (a username, a token's name, "the config file"). */
export async function deleteJob(
  tx: DeleteJobStore,
  job: JobRecord,
  deletedBy: string,
  audit: AuditRecorder,
  now: number,
): Promise<void> {
  const runs = job.runCounts.succeeded + job.runCounts.warning + job.runCounts.failed
  await tx.deleteJob(job.id)
  const lastSuccessAt = job.lastSuccessAt === null ? null : new Date(job.lastSuccessAt).toISOString()
  await audit(tx, {
    action: 'job.deleted',
    target: target('job', job.id, job.slug),
    details: { runs, last_success_at: lastSuccessAt },
  })
  const facts = {
    id: job.id,
    slug: job.slug,
    name: job.name,
    serverName: job.serverName,
    environment: job.environment,
    tags: job.tags,
    runs,
    lastSuccessAt: job.lastSuccessAt,
    deletedBy,
  }
  const alert = deletedJobAlert(facts, job.effectivePolicy, now)
  if (alert) {
    await tx.openAlert(
      {
        projectId: job.projectId,
        type: 'job.deleted',
        ...alert,
        jobId: null,
        serverId: job.serverId,
        subject: deletedJobSubject(job.projectId, job.slug),
      },
      now,
    )
  }
  await settleProtection(tx, job.serverId, now)
}

/** A job of that slug exists again in the project (created, or renamed to it): its deletion is over. */
export async function jobSlugTaken(tx: AlertStore, job: Pick<JobRecord, 'projectId' | 'slug'>, now: number) {
  await tx.resolveAlerts({ key: deletedJobSubject(job.projectId, job.slug) }, ['job.deleted'], now)
}
