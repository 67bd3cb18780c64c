// One server log line per alert opened, escalated and resolved, written once the transaction
// that made the transition has committed (a rolled-back one logs nothing): what an operator
// greps for, `alert opened type=job.failed subject=db01/nightly severity=critical id=12`.
import type { AlertRecord } from '../domain/records.js'
import type { Logger } from '../log.js'
import type { AlertSink } from '../store/store.js'

/** `server/job`, the job, the server, or "fleet"; a deleted job by the slug its details keep. */
export function alertSubject(alert: AlertRecord): string {
  const slug = alert.details.slug
  const job = alert.jobSlug ?? (typeof slug === 'string' ? slug : null)
  if (alert.serverName && job) return `${alert.serverName}/${job}`
  return job ?? alert.serverName ?? 'fleet'
}

/** `sink` (the outbox), and a log line for each transition after the commit. */
export function loggingAlertSink(sink: AlertSink, log: Logger): AlertSink {
  return async (tx, alert, transition, now) => {
    await sink(tx, alert, transition, now)
    const fields = {
      type: alert.type,
      subject: alertSubject(alert),
      severity: alert.severity,
      id: alert.id,
      project: alert.projectId,
    }
    tx.afterCommit(() => log.info(`alert ${transition}`, fields))
  }
}
