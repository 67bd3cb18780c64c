// An alert as channels see it: the API's Alert plus its job's or server's environment and tags,
// the failed run's log tail and a link.

import { presentAlert } from '../domain/present-alert.js'
import type { AlertRecord } from '../domain/records.js'
import type { Store } from '../store/store.js'
import type { AlertView } from './notifier.js'

/** How much of a failed run's log an email or webhook carries. */
export const LOG_TAIL_BYTES = 4000

const utf8 = new TextDecoder('utf-8', { fatal: false })

async function logTail(tx: Store, alert: AlertRecord): Promise<string | null> {
  const runId = alert.details.run_id
  if (typeof runId !== 'number') return null
  const run = await tx.getRun(runId, true)
  const log = run?.log
  if (!log || log.length === 0) return null
  return utf8.decode(log.subarray(Math.max(0, log.length - LOG_TAIL_BYTES)))
}

export async function alertView(tx: Store, alert: AlertRecord, baseUrl: string): Promise<AlertView> {
  const job = alert.jobId === null ? null : await tx.getJob({ id: alert.jobId })
  const server = job === null && alert.serverId !== null ? await tx.getServer({ id: alert.serverId }) : null
  return {
    ...presentAlert(alert),
    environment: job?.environment ?? server?.environment ?? null,
    tags: job?.tags ?? server?.tags ?? [],
    log_tail: await logTail(tx, alert),
    url: `${baseUrl}/api/v1/alerts/${alert.id}`,
  }
}
