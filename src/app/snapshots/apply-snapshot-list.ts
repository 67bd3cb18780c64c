// Use case: a job's current snapshot list arrived (POST /api/v1/jobs/{id}/snapshots). In one
// transaction: compare it with the previous list (job.snapshots_deleted opens on a loss its
// retention cannot explain, resolves once the count is back), keep its facts in place of the
// previous list's, and re-evaluate the job (job.retention_violation).
import type { Clock } from '../../clock.js'
import type { RetentionFacts } from '../../domain/policy.js'
import { snapshotsDeletedAlert, snapshotsRecovered } from '../../domain/rules/snapshots-deleted.js'
import { ActiveAlerts } from '../../evaluate/active-alerts.js'
import { settleJob } from '../../evaluate/settle-job.js'
import type { CoreStore } from '../../store/store.js'

export async function applySnapshotList(
  store: CoreStore,
  clock: Clock,
  jobId: number,
  facts: RetentionFacts,
  notifyDue: (at: number) => void,
): Promise<void> {
  const now = clock.now()
  const due = await store.transaction(async (tx) => {
    const [job] = await tx.lockJobs([jobId])
    if (!job) return null // deleted meanwhile: nothing left to watch
    const subject = { jobId: job.id, projectId: job.projectId }
    const alerts = new ActiveAlerts(tx, subject)
    const loss = snapshotsDeletedAlert(job, job.retentionFacts, facts, now)
    const [active] = (
      await tx.listAlerts(
        { status: 'active', type: 'job.snapshots_deleted', job: job.id },
        { limit: 1, cursor: null },
      )
    ).items
    if (loss !== null && active) {
      // a further loss: told as the latest, but it recovers only at the count before the first
      const first = active.details.snapshots_before
      const before = loss.details.snapshots_before
      if (typeof first === 'number' && (typeof before !== 'number' || first > before))
        loss.details.snapshots_before = first
      await tx.updateActiveAlert(subject, 'job.snapshots_deleted', loss, now)
    } else if (loss !== null) await alerts.open('job.snapshots_deleted', loss, now)
    else if (active && snapshotsRecovered(active.details, facts))
      await alerts.resolve(['job.snapshots_deleted'], now)
    job.retentionFacts = facts
    return settleJob(tx, job, now, { retention_facts: JSON.stringify(facts) }, alerts)
  })
  if (due !== null) notifyDue(due)
}
