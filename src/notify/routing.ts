// Which channels an alert transition goes to (issue 5 item 3): a pure decision from the
// channel's routing settings. Digest channels take no immediate messages; they are served by
// the digest, which lists what is still active at digest time.
import type { ChannelRouting } from '../domain/channel-routing.js'
import type { AlertView, Transition } from './notifier.js'

export type { ChannelRouting }

const RANK = { info: 0, warning: 1, critical: 2 } as const

export function matches(alert: AlertView, routing: ChannelRouting): boolean {
  if (RANK[alert.severity] < RANK[routing.minSeverity]) return false
  const m = routing.match
  if (m.environment && (alert.environment === null || !m.environment.includes(alert.environment)))
    return false
  if (m.servers && (alert.server === null || !m.servers.includes(alert.server))) return false
  if (m.types && !m.types.includes(alert.type)) return false
  if (m.tags && !alert.tags.some((t) => m.tags!.includes(t))) return false
  return true
}

/** The channels that get this transition right away. A test message goes only where it is sent. */
export function routeTransition<C extends ChannelRouting>(
  alert: AlertView,
  transition: Transition,
  channels: C[],
): C[] {
  if (transition === 'test') return []
  return channels.filter(
    (c) => c.mode === 'immediate' && (transition !== 'resolved' || c.sendResolved) && matches(alert, c),
  )
}
