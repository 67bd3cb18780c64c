// Applies a batch of ping observations inside one transaction: resolve jobs, open and close
// runs, record ping events, settle each touched job and its alerts.
import type { RunRecord } from '../../domain/records.js'
import type { PingObservation, PingResult } from '../../ingest/observation.js'
import type { AlertStore } from '../../store/roles/alert-store.js'
import type { JobStore } from '../../store/roles/job-store.js'
import type { NewPingEvent, RunStore } from '../../store/roles/run-store.js'
import type { CoreStore } from '../../store/store.js'
import { applyPing, pingEvent } from './apply-ping.js'
import { type BatchJobs, createMissingJobs, jobOf, lockJobs, type PingJobDefaults } from './batch-jobs.js'
import { activeAlertsOfEnded, settleTouchedJobs, writeRuns } from './settle-touched-jobs.js'
import { type WorkingJob, type WorkingRun, workingJob } from './working-job.js'

export interface AppliedBatch {
  results: PingResult[]
  /** earliest next_due_at among the touched jobs, for the evaluator's timer */
  earliestDue: number | null
}

export async function applyPings(
  tx: JobStore & RunStore & AlertStore & Pick<CoreStore, 'inProject'>,
  batch: PingObservation[],
  now: number,
  bodyLimit: number,
  jobDefaults: PingJobDefaults = () => ({}),
): Promise<AppliedBatch> {
  const jobs = await lockJobs(tx, batch)
  const created = await createMissingJobs(tx, batch, jobs, now, jobDefaults)
  const openByJob = await openRunsOf(tx, batch, jobs)
  const { results, touched, events } = applyToRuns(batch, jobs, created, openByJob, bodyLimit)
  await writeRuns(tx, touched, now)
  const activeByJob = await activeAlertsOfEnded(tx, touched)
  await tx.insertPingEvents(events.map((e) => ({ ...e.row, run_id: e.run?.id ?? null })))
  const earliestDue = await settleTouchedJobs(tx, touched, activeByJob, now)
  return { results, earliestDue }
}

/** The open runs of the batch's jobs, by job, in one query. */
async function openRunsOf(tx: RunStore, batch: PingObservation[], jobs: BatchJobs) {
  const jobIds = new Set<number>()
  for (const o of batch) {
    const job = jobOf(jobs, o)
    if (job) jobIds.add(job.id)
  }
  const openByJob = new Map<number, RunRecord[]>()
  for (const r of await tx.openRuns([...jobIds])) {
    const list = openByJob.get(r.jobId) ?? []
    list.push(r)
    openByJob.set(r.jobId, list)
  }
  return openByJob
}

/**
 * Applies each ping, in arrival order, to its job's runs (in memory): the answer to each ping,
 * the jobs touched (in order of their first ping) and the ping events to record.
 */
function applyToRuns(
  batch: PingObservation[],
  jobs: BatchJobs,
  created: Set<number>,
  openByJob: Map<number, RunRecord[]>,
  bodyLimit: number,
) {
  const results: PingResult[] = []
  const working = new Map<number, WorkingJob>()
  const events: { row: NewPingEvent; run: WorkingRun | null }[] = []
  for (const [i, o] of batch.entries()) {
    const job = jobOf(jobs, o)
    if (!job) {
      results.push('not_found')
      continue
    }
    if (o.signal.action === 'exit' && (o.signal.exitStatus ?? 0) > 255) {
      results.push('invalid_exit_status')
      continue
    }
    results.push(created.has(i) ? 'created' : 'ok')
    const w = workingJob(working, job, openByJob)
    const run = applyPing(w, o, bodyLimit)
    events.push({ row: pingEvent(o, w, run), run })
  }
  return { results, touched: [...working.values()], events }
}
