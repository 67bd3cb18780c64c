// Before a claimed row is sent: its notification is read, and a reminder that no longer applies
// (the alert is no longer active and critical, or a silence holds it back) is recorded as
// suppressed instead of sent.
import type { DeliveryRecord } from '../../domain/delivery-records.js'
import type { Notification } from '../notifier.js'
import type { ChannelRun, Ready } from './channel-run.js'
import type { DispatchContext } from './dispatch-context.js'

/** The row with its notification, or null when there is nothing to send (already recorded). */
export async function prepareDelivery(
  ctx: DispatchContext,
  run: ChannelRun,
  row: DeliveryRecord,
): Promise<Ready | null> {
  const { opts, book } = ctx
  const { store, clock } = opts
  let n: Notification
  try {
    n = JSON.parse(row.payload) as Notification
  } catch {
    await book.fail(row, 'unreadable payload (not JSON)')
    return null
  }
  if (row.transition !== 'repeat' || row.alertId === null) return { row, n }
  const alert = await store.getAlert(row.alertId)
  if (alert?.status !== 'active' || alert.severity !== 'critical') {
    await store.skipDelivery(row.id, book.owner, 'the alert is no longer active and critical', clock.now())
    return null
  }
  const silenced = (await opts.silencedBy?.(n.alert, row.projectId, clock.now())) ?? null
  if (silenced === null) return { row, n }
  const now = clock.now()
  await store.skipDelivery(row.id, book.owner, silenced, now)
  // the reminders resume after the silence: the next one keeps its exact schedule
  if (run.channel.repeatIntervalMs) await book.scheduleNextReminder(row, n, run.channel.repeatIntervalMs, now)
  return null
}
