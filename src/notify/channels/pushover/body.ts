// Pushover: POST <api>/1/messages.json as a form; title ≤ 250, message ≤ 1024, url ≤ 512.

import type { PushoverSettings } from '../../../config/channels/pushover.js'
import type { Notification } from '../../notifier.js'
import { type HttpRequest, joinUrl } from '../http-send.js'
import { cut, factsOf, leadOf, titleOf } from '../text.js'

/** critical 1 (high), warning 0 (normal), info and resolved -1 (quiet). Never 2: it needs acknowledgement. */
export function pushoverPriority(n: Notification): number {
  if (n.transition === 'resolved' || n.alert.status === 'resolved') return -1
  if (n.transition === 'test') return 0
  return { critical: 1, warning: 0, info: -1 }[n.alert.severity]
}

export function pushoverForm(n: Notification, s: PushoverSettings): URLSearchParams {
  const facts = factsOf(n.alert)
    .filter(([k]) => k !== 'Opened' && k !== 'Resolved')
    .map(([k, v]) => `${k}: ${v}`)
    .join('\n')
  const form = new URLSearchParams({
    token: s.token,
    user: s.user,
    title: cut(titleOf(n), 250),
    message: cut(facts ? `${leadOf(n, 1000)}\n${facts}` : leadOf(n, 1024), 1024),
    priority: String(pushoverPriority(n)),
    timestamp: String(Math.floor(Date.parse(n.at) / 1000)),
  })
  if (n.alert.url.length <= 512) {
    form.set('url', n.alert.url)
    form.set('url_title', 'Open in Backwatch')
  }
  if (s.device) form.set('device', s.device)
  return form
}

export function buildPushoverRequest(n: Notification, s: PushoverSettings): HttpRequest {
  return {
    method: 'POST',
    url: joinUrl(s.api_url, '/1/messages.json'),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: pushoverForm(n, s).toString(),
  }
}
