// An alert as channels see it: the API's Alert plus its job's or server's environment and tags,
// the failed run's log tail and a link.

import { deletedJobOf, presentAlert } from '../domain/present-alert.js'
import type { AlertRecord } from '../domain/records.js'
import type { JobStore } from '../store/roles/job-store.js'
import type { RunStore } from '../store/roles/run-store.js'
import type { ServerStore } from '../store/roles/server-store.js'
import type { AlertView } from './notifier.js'

/** How much of a failed run's log an email or webhook carries. */
export const LOG_TAIL_BYTES = 4000

/** What an alert's view reads: its job or server, and the failed run's log. */
export type AlertViewReads = JobStore & RunStore & ServerStore

const utf8 = new TextDecoder('utf-8', { fatal: false })

async function logTail(tx: AlertViewReads, alert: AlertRecord): Promise<string | null> {
  const runId = alert.details.run_id
  if (typeof runId !== 'number') return null
  const run = await tx.getRun(runId, true)
  const log = run?.log
  if (!log || log.length === 0) return null
  return utf8.decode(log.subarray(Math.max(0, log.length - LOG_TAIL_BYTES)))
}

export async function alertView(tx: AlertViewReads, alert: AlertRecord, baseUrl: string): Promise<AlertView> {
  const job = alert.jobId === null ? null : await tx.getJob({ id: alert.jobId })
  // a deleted job's alert routes by what the job was
  const gone = deletedJobOf(alert)
  const server = job === null && alert.serverId !== null ? await tx.getServer({ id: alert.serverId }) : null
  return {
    ...presentAlert(alert),
    environment: job?.environment ?? gone?.environment ?? server?.environment ?? null,
    tags: job?.tags ?? gone?.tags ?? server?.tags ?? [],
    log_tail: await logTail(tx, alert),
    url: `${baseUrl}/api/v1/alerts/${alert.id}`,
  }
}
