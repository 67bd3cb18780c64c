// The dispatcher's writes about the rows it claimed, each under its claim (owner): failed for good,
// given back, the next reminder enqueued. A store error in one row's bookkeeping is logged and
// leaves that row claimed until its lease ends.
import type { DeliveryRecord } from '../../domain/delivery-records.js'
import type { Notification } from '../notifier.js'
import type { DispatcherOptions } from './dispatcher-options.js'
import { nextReminder } from './next-reminder.js'

export class DeliveryBook {
  constructor(
    private readonly opts: Pick<DispatcherOptions, 'store' | 'clock' | 'log'>,
    readonly owner: string,
    /** a delivery is due at `at`: the dispatcher wakes earlier if needed */
    private readonly notifyDue: (at: number) => void,
  ) {}

  /** Runs one row's bookkeeping; a store error leaves the row claimed until its lease ends. */
  async guarded(row: DeliveryRecord, fn: () => Promise<void>): Promise<void> {
    try {
      await fn()
    } catch (err) {
      this.opts.log.error('delivery bookkeeping failed; the row is retried after its lease', {
        delivery: row.id,
        channel: row.channel,
        error: err,
      })
    }
  }

  async fail(row: DeliveryRecord, error: string): Promise<void> {
    await this.opts.store.failDelivery(row.id, this.owner, error, this.opts.clock.now())
    this.opts.log.error('delivery failed', {
      delivery: row.id,
      channel: row.channel,
      alert: row.alertId,
      attempt: row.attempts + 1,
      error,
    })
  }

  /** Gives rows back, one statement per distinct time (a backlog costs a few writes, not one a row). */
  async releaseAll(rows: DeliveryRecord[], at: (row: DeliveryRecord) => number): Promise<void> {
    const byTime = new Map<number, number[]>()
    for (const row of rows) {
      const t = at(row)
      const ids = byTime.get(t)
      if (ids) ids.push(row.id)
      else byTime.set(t, [row.id])
    }
    for (const [t, ids] of byTime) await this.opts.store.releaseDeliveries(ids, this.owner, t)
  }

  async scheduleNextReminder(row: DeliveryRecord, n: Notification, intervalMs: number, now: number) {
    const next = nextReminder(row, n, intervalMs)
    await this.opts.store.enqueueDeliveries([next], now)
    this.notifyDue(next.nextAttemptAt ?? now)
  }
}
