// Gotify: POST <server>/message with the application token in X-Gotify-Key.

import type { GotifySettings } from '../../../config/channels/gotify.js'
import type { Notification } from '../../notifier.js'
import { type HttpRequest, joinUrl, jsonPost } from '../http-send.js'
import { plainTextOf, titleOf } from '../text.js'

/** Gotify clients: ≥ 8 pops up, 4-7 sound, 1-3 silent. */
export function gotifyPriority(n: Notification): number {
  if (n.transition === 'resolved' || n.alert.status === 'resolved') return 2
  if (n.transition === 'test') return 4
  return { critical: 8, warning: 5, info: 3 }[n.alert.severity]
}

export function gotifyPayload(n: Notification) {
  return {
    title: titleOf(n),
    message: plainTextOf(n, { title: false }),
    priority: gotifyPriority(n),
    extras: {
      'client::display': { contentType: 'text/plain' },
      'client::notification': { click: { url: n.alert.url } },
    },
  }
}

export function buildGotifyRequest(n: Notification, s: GotifySettings): HttpRequest {
  return jsonPost(joinUrl(s.url, '/message'), gotifyPayload(n), { 'X-Gotify-Key': s.token })
}
