// Alert transitions → outbox rows, in the transaction that makes the transition (issue 5 item 1):
// an alert can never open without its notifications being recorded, nor the other way round.
// While a silence matches the alert its rows are recorded as suppressed (the end of the silence
// sends the openings of alerts still active). A resolution goes only to channels that recorded
// the opening (a channel added since has nothing to resolve), suppressed when the opening was.
// The channels are read in the same transaction, so one another instance just added is routed.
import type { NewDelivery } from '../domain/delivery-records.js'
import { describeSilence, silencing } from '../domain/silence.js'
import type { ChannelStore } from '../store/roles/channel-store.js'
import type { SilenceStore } from '../store/roles/silence-store.js'
import type { AlertSink } from '../store/store.js'
import { alertView } from './alert-view.js'
import type { ProjectChannel } from './channel-registry.js'
import type { AlertView } from './notifier.js'
import { notificationFor } from './outbox/new-delivery.js'
import { routeTransition } from './routing.js'

export interface OutboxSinkOptions {
  /** the channels in force, read through the transaction's store */
  channels: (tx: ChannelStore) => Promise<ProjectChannel[]>
  baseUrl: () => string
  /** this installation's id, part of every idempotency key */
  instance: string
}

/** Why the resolution is not sent to `channel` (suppressed with that reason), 'skip' for no row, or null to send. */
async function resolutionHeld(
  tx: SilenceStore,
  alertId: number,
  channel: string,
): Promise<string | 'skip' | null> {
  const opening = await tx.openingStatus(alertId, channel)
  if (opening === null) return 'skip'
  return opening === 'suppressed'
    ? 'its opening was not sent (silenced): nothing to resolve at the receiver'
    : null
}

/** `read`'s answer for a transaction, computed at its first call in that transaction. */
function oncePerTransaction<Tx extends object, T>(read: (tx: Tx, now: number) => Promise<T>) {
  const seen = new WeakMap<Tx, Promise<T>>()
  return (tx: Tx, now: number): Promise<T> => {
    let p = seen.get(tx)
    if (!p) {
      p = read(tx, now)
      seen.set(tx, p)
    }
    return p
  }
}

export function outboxSink(opts: OutboxSinkOptions): AlertSink {
  // channels and silences read once per transaction (an evaluator pass may open many alerts)
  // (every project's: the sink's store is the engine's, bound to none)
  const channelsOf = oncePerTransaction((tx: ChannelStore) => opts.channels(tx))
  const silencesOf = oncePerTransaction((tx: SilenceStore, now: number) => tx.activeSilences(now))
  return async (tx, alert, transition, now) => {
    const channels = (await channelsOf(tx, now)).filter((c) => c.projectId === alert.projectId)
    if (channels.length === 0) return
    const view = await alertView(tx, alert, opts.baseUrl())
    const routed = routeTransition(view, transition, channels)
    if (routed.length === 0) return
    // An alert escalates at most once per severity; the instant tells repeats apart if it ever does again.
    const occurrence = transition === 'escalated' ? now : undefined
    const silences = transition === 'resolved' ? [] : await silencesOf(tx, now)
    const silence = silencing(
      view,
      silences.filter((s) => s.projectId === alert.projectId),
      now,
    )
    const rows: NewDelivery[] = []
    for (const c of routed) {
      const n = notificationFor(view, transition, c.name, now, occurrence, opts.instance)
      const held = transition === 'resolved' ? await resolutionHeld(tx, alert.id, c.name) : null
      if (held === 'skip') continue
      const reason = silence ? describeSilence(silence) : held
      rows.push({
        projectId: alert.projectId,
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
        if (c.repeatInterval !== null)
          rows.push(repeatDelivery(view, alert.projectId, c.name, now + c.repeatInterval, 1))
    }
    if (rows.length === 0) return
    await tx.enqueueDeliveries(rows, now)
    // the dispatchers (this one and other instances') wake once this transaction committed
    if (rows.some((r) => r.status !== 'suppressed')) await tx.publish('outbox')
  }
}

/**
 * The k-th reminder of a still-active critical alert, due exactly at `at` (the opening + k ×
 * repeat_interval: never rounded, never drifting with delivery delays).
 */
export function repeatDelivery(
  alert: AlertView,
  projectId: number,
  channel: string,
  at: number,
  k: number,
  instance?: string,
): NewDelivery {
  const n = notificationFor(alert, 'repeat', channel, at, k, instance)
  return {
    projectId,
    alertId: alert.id,
    channel,
    transition: 'repeat',
    idempotencyKey: n.idempotencyKey,
    payload: JSON.stringify(n),
    nextAttemptAt: at,
  }
}
