// The notification families of /metrics: the monitor's own delivery health, so Prometheus can
// alert when Backwatch itself cannot reach anyone. Pure: rendered from plain data.
import { familyHeader, labelPairs, msToSeconds, sample } from './exposition.js'

export interface NotifyFacts {
  channels: { name: string; kind: string; failing: boolean; lastSuccessAt: number | null; pending: number }[]
  silencesActive: number
}

export function notifyFamilies(f: NotifyFacts): string {
  const label = (c: { name: string; kind: string }) =>
    labelPairs([
      ['channel', c.name],
      ['type', c.kind],
    ])
  let out = familyHeader(
    'backwatch_channel_up',
    'gauge',
    'Whether the channel delivers: 0 when its last attempt failed, 1 otherwise (also before any delivery).',
  )
  for (const c of f.channels) out += sample('backwatch_channel_up', label(c), c.failing ? '0' : '1')
  out += familyHeader(
    'backwatch_channel_pending_notifications',
    'gauge',
    'Notifications waiting to be delivered through the channel (due, in backoff or being sent).',
  )
  for (const c of f.channels)
    out += sample('backwatch_channel_pending_notifications', label(c), String(c.pending))
  out += familyHeader(
    'backwatch_channel_last_success_timestamp_seconds',
    'gauge',
    'When the channel last delivered a notification; no series before its first delivery.',
  )
  for (const c of f.channels) {
    const at = msToSeconds(c.lastSuccessAt)
    if (at !== null) out += sample('backwatch_channel_last_success_timestamp_seconds', label(c), at)
  }
  out += familyHeader('backwatch_silences_active', 'gauge', 'Silences in force now.')
  out += sample('backwatch_silences_active', '', String(f.silencesActive))
  return out
}
