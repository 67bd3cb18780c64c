// One message of a channel: a row's notification, or a batch of several rows of a rate-limited
// channel. Rows that cannot be attempted now (stopping, held back, lease nearly over, over the rate
// limit) are given back at once; a sent message is recorded for all its rows.
import { batchNotification } from '../batch.js'
import type { ChannelRun, Ready } from './channel-run.js'
import type { DispatchContext } from './dispatch-context.js'
import { recordFailedSend } from './failed-send.js'
import { sendWithTimeout } from './send-with-timeout.js'

export async function sendUnit(ctx: DispatchContext, run: ChannelRun, unit: Ready[]): Promise<void> {
  const { opts, book, timeoutMs } = ctx
  const { clock } = opts
  const rows = unit.map((r) => r.row)
  const first = unit[0]
  if (!first) return
  try {
    if (ctx.isStopped() || run.holdUntil !== null) {
      // Never attempted: give it back now rather than waiting for the lease to expire.
      const hold = run.holdUntil ?? 0
      await book.releaseAll(rows, (row) => Math.max(row.nextAttemptAt, hold))
      return
    }
    const now = clock.now()
    // Too little of the lease left to finish the send: another claimer may take these rows soon.
    if (rows.some((r) => (r.claimedUntil ?? Number.POSITIVE_INFINITY) - now <= timeoutMs)) {
      await book.releaseAll(rows, (row) => row.nextAttemptAt)
      return
    }
    const wait = run.bucket?.take(now) ?? 0
    if (wait > 0) {
      // Over the rate limit: these rows (and the rest) come back together, as one batch.
      run.holdUntil = now + wait
      await book.releaseAll(rows, () => now + wait)
      return
    }
    const n = unit.length === 1 ? first.n : batchNotification(unit.map((r) => r.n))
    let answer: string
    try {
      const res = await sendWithTimeout(run.notifier, n, run.settings, timeoutMs, opts.fetch)
      answer = `${res.status} ${res.detail}`
    } catch (err) {
      await recordFailedSend(ctx, run, rows, err)
      return
    }
    const at = clock.now()
    const others = unit.length - 1
    const detail =
      others === 0
        ? answer
        : `coalesced into one message with ${others} other${others === 1 ? '' : 's'}: ${answer}`
    for (const { row, n: rowN } of unit) {
      run.outcomes.delivered(row.id, at, detail, row.claimedUntil ?? Number.POSITIVE_INFINITY)
      if (row.transition === 'repeat' && run.channel.repeatIntervalMs)
        await book.scheduleNextReminder(row, rowN, run.channel.repeatIntervalMs, at)
    }
  } catch (err) {
    opts.log.error('delivery bookkeeping failed; the rows are retried after their lease', {
      deliveries: rows.map((r) => r.id),
      channel: run.name,
      error: err,
    })
  } finally {
    // whatever this unit's outcome: sent rows never wait long unrecorded (well within the lease)
    if (run.outcomes.due(clock.now())) await run.outcomes.flush()
  }
}
