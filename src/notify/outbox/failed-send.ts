// A send that failed: retried later with backoff (the rows of a batch together, and the channel's
// other rows wait as long), or failed for good when the error is final or the attempts are used up.
import type { DeliveryRecord } from '../../domain/delivery-records.js'
import { DeliveryError } from '../notifier.js'
import { retryDelay } from './backoff.js'
import type { ChannelRun } from './channel-run.js'
import type { DispatchContext } from './dispatch-context.js'
import { describeFailure } from './send-with-timeout.js'

export async function recordFailedSend(
  ctx: DispatchContext,
  run: ChannelRun,
  rows: DeliveryRecord[],
  err: unknown,
): Promise<void> {
  const { opts, book } = ctx
  const { store, clock, log } = opts
  const e = err instanceof DeliveryError ? err : new DeliveryError(String(err), true)
  const error = describeFailure(e)
  const now = clock.now()
  run.outcomes.failed(error, now)
  if (!e.retryable) {
    for (const row of rows) await book.fail(row, error)
    return
  }
  const attempts = Math.max(...rows.map((r) => r.attempts))
  const nextAt =
    now +
    retryDelay(attempts, e.retryAfterMs, {
      baseMs: opts.baseBackoffMs ?? 1_000,
      maxMs: opts.maxBackoffMs ?? 3_600_000,
      random: opts.random ?? Math.random,
    })
  run.holdUntil = nextAt
  for (const row of rows) {
    if (row.attempts + 1 >= ctx.maxAttempts) {
      await book.fail(row, `${error} (gave up after ${row.attempts + 1} attempts)`)
      continue
    }
    await store.rescheduleDelivery(row.id, book.owner, nextAt, error, now)
    log.warn('delivery failed; retrying', {
      delivery: row.id,
      channel: run.name,
      alert: row.alertId,
      attempt: row.attempts + 1,
      retry_at: new Date(nextAt).toISOString(),
      error,
    })
  }
}
