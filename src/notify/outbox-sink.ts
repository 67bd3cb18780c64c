// Alert transitions → outbox rows, in the transaction that makes the transition (issue 5 item 1):
// an alert can never open without its notifications being recorded, nor the other way round.
// While a silence matches the alert its rows are recorded as suppressed (the end of the silence
// sends the openings of alerts still active); a resolution is suppressed when its opening was.
import type { ChannelSpec } from '../config/channel-spec.js'
import type { AlertSink } from '../store/store.js'
import { alertView } from './alert-view.js'
import type { AlertView } from './notifier.js'
import { notificationFor } from './outbox/new-delivery.js'
import type { NewDelivery } from './outbox/records.js'
import { routeTransition } from './routing.js'
import { describeSilence, silencing } from './silence.js'

export interface OutboxSinkOptions {
  channels: () => ChannelSpec[]
  baseUrl: () => string
  /** told after rows were written (the dispatcher wakes up) */
  onEnqueued: () => void
  /** this installation's id, part of every idempotency key */
  instance: string
}

export function outboxSink(opts: OutboxSinkOptions): AlertSink {
  return async (tx, alert, transition, now) => {
    const channels = opts.channels()
    if (channels.length === 0) return
    const view = await alertView(tx, alert, opts.baseUrl())
    const routed = routeTransition(view, transition, channels)
    if (routed.length === 0) return
    // An alert escalates at most once per severity; the instant tells repeats apart if it ever does again.
    const occurrence = transition === 'escalated' ? now : undefined
    const silence = transition === 'resolved' ? null : silencing(view, await tx.activeSilences(now), now)
    const rows: NewDelivery[] = []
    for (const c of routed) {
      const n = notificationFor(view, transition, c.name, now, occurrence, opts.instance)
      const reason = silence
        ? describeSilence(silence)
        : transition === 'resolved' && (await tx.openingStatus(alert.id, c.name)) === 'suppressed'
          ? 'its opening was not sent (silenced): nothing to resolve at the receiver'
          : null
      rows.push({
        alertId: alert.id,
        channel: c.name,
        transition,
        idempotencyKey: n.idempotencyKey,
        payload: JSON.stringify(n),
        ...(reason !== null && { status: 'suppressed' as const, reason }),
      })
    }
    if (alert.severity === 'critical' && (transition === 'opened' || transition === 'escalated')) {
      for (const c of routed)
        if (c.repeatInterval !== null) rows.push(repeatDelivery(view, c.name, now + c.repeatInterval, 1))
    }
    await tx.enqueueDeliveries(rows, now)
    if (rows.some((r) => r.status !== 'suppressed')) setImmediate(opts.onEnqueued)
  }
}

/**
 * The k-th reminder of a still-active critical alert, due exactly at `at` (the opening + k ×
 * repeat_interval: never rounded, never drifting with delivery delays).
 */
export function repeatDelivery(
  alert: AlertView,
  channel: string,
  at: number,
  k: number,
  instance?: string,
): NewDelivery {
  const n = notificationFor(alert, 'repeat', channel, at, k, instance)
  return {
    alertId: alert.id,
    channel,
    transition: 'repeat',
    idempotencyKey: n.idempotencyKey,
    payload: JSON.stringify(n),
    nextAttemptAt: at,
  }
}
