// Turns an alert transition into an outbox row for one channel, with the stable idempotency key
// receivers deduplicate on. Call it inside the transaction that writes the transition.

import type { NewDelivery } from '../../domain/delivery-records.js'
import { DEFAULT_PROJECT_ID } from '../../domain/projects.js'
import type { AlertView, Notification, Transition } from '../notifier.js'

/**
 * Stable per (alert, transition, channel). Transitions that recur for one alert (`repeat`,
 * `escalated`, `test`) pass `occurrence` (e.g. the instant) to tell them apart.
 */
export function idempotencyKey(
  alertId: number,
  transition: Transition,
  channel: string,
  occurrence?: string | number,
  /** the installation's id: keys of two databases (or a recreated one) never collide */
  instance?: string,
): string {
  const base = `backwatch-${instance ? `${instance}-` : ''}${alertId}-${transition}-${channel}`
  return occurrence === undefined ? base : `${base}-${occurrence}`
}

/** The key of a channel's scheduled message: a digest's window end, a fleet report's instant. */
export function scheduledKey(
  instance: string,
  what: 'digest' | 'report',
  channel: { projectId: number; name: string },
  at: number,
): string {
  // the default project's keys stay as they were before projects (no digest sent twice)
  const scope = channel.projectId === DEFAULT_PROJECT_ID ? '' : `p${channel.projectId}-`
  return `backwatch-${instance}-${what}-${scope}${channel.name}-${at}`
}

export function notificationFor(
  alert: AlertView,
  transition: Transition,
  channel: string,
  at: number,
  occurrence?: string | number,
  instance?: string,
): Notification {
  return {
    transition,
    alert,
    idempotencyKey: idempotencyKey(alert.id, transition, channel, occurrence, instance),
    at: new Date(at).toISOString(),
  }
}

export function newDelivery(
  channel: string,
  n: Notification,
  extra: Pick<NewDelivery, 'nextAttemptAt' | 'status'> & { projectId?: number } = {},
): NewDelivery {
  return {
    projectId: DEFAULT_PROJECT_ID,
    alertId: n.alert.id,
    channel,
    transition: n.transition,
    idempotencyKey: n.idempotencyKey,
    payload: JSON.stringify(n),
    ...extra,
  }
}
