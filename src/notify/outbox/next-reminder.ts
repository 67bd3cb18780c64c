// After the k-th reminder of a still-active critical alert, the (k+1)-th: due exactly one interval
// after the k-th was due (a late or suppressed reminder never shifts the schedule).

import type { DeliveryRecord, NewDelivery } from '../../domain/delivery-records.js'
import type { Notification } from '../notifier.js'
import { repeatDelivery } from '../outbox-sink.js'

export function nextReminder(row: DeliveryRecord, n: Notification, intervalMs: number): NewDelivery {
  const dueAt = Date.parse(n.at) + intervalMs
  // Same key with the next number: `…-repeat-<channel>-<k>` → `…-<k+1>`.
  const m = /^(.*)-(\d+)$/.exec(row.idempotencyKey)
  const next = repeatDelivery(n.alert, row.projectId, row.channel, dueAt, Number(m?.[2] ?? 1) + 1)
  if (m) next.idempotencyKey = `${m[1]}-${Number(m[2]) + 1}`
  next.payload = JSON.stringify({ ...JSON.parse(next.payload), idempotencyKey: next.idempotencyKey })
  return next
}
