// Generic webhook: a documented JSON body, signed the Standard Webhooks way when a secret is set.
//
// Body (Content-Type: application/json):
//   {
//     "type": "alert.opened" | "alert.resolved" | "alert.repeat" | "alert.escalated" | "alert.test"
//           | "alert.digest" | "alert.batch" | "alert.report",
//     "alert": AlertView,   // id, type, severity, status, job, server, environment, tags, summary,
//                           // details, opened_at, resolved_at, log_tail, url
//     "at": "2026-01-31T02:00:00.000Z"   // when the transition happened
//   }
// alert.batch (a channel with a rate limit only): the notifications that waited for it, in one
// message; alert.summary "5 backup notifications", alert.details.items lists them in order.
// alert.report (a channel with fleet_report): alert.type "report", the totals in alert.details,
// the text report in alert.log_tail; it is about no alert (alert.id 0).
// Headers: webhook-id (stable per alert, transition and channel: receivers deduplicate on it),
// webhook-timestamp (unix seconds of this attempt), and when a secret is set
// webhook-signature: "v1,<base64 HMAC-SHA256(key, `${id}.${timestamp}.${body}`)>" where key is
// the base64-decoded part of `whsec_<base64>` (https://www.standardwebhooks.com/).
import { createHmac } from 'node:crypto'
import { decodeSecret, type WebhookSettings } from '../../../config/channels/webhook.js'
import type { Notification } from '../../notifier.js'
import type { HttpRequest } from '../http-send.js'

export function webhookPayload(n: Notification) {
  return { type: `alert.${n.transition}`, alert: n.alert, at: n.at }
}

/** `v1,<base64 signature>` for one message. */
export function signWebhook(secret: string, id: string, timestamp: number, body: string): string {
  const key = decodeSecret(secret)
  if (!key) throw new Error('webhook secret must look like whsec_<base64>')
  const mac = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64')
  return `v1,${mac}`
}

/** Pure: the request for one notification, signed at `timestamp` (unix seconds). */
export function buildWebhookRequest(n: Notification, s: WebhookSettings, timestamp: number): HttpRequest {
  const body = JSON.stringify(webhookPayload(n))
  const headers: Record<string, string> = {
    ...s.headers,
    'content-type': 'application/json',
    'user-agent': 'Backwatch',
    'webhook-id': n.idempotencyKey,
    'webhook-timestamp': String(timestamp),
  }
  if (s.secret) headers['webhook-signature'] = signWebhook(s.secret, n.idempotencyKey, timestamp, body)
  return { method: 'POST', url: s.url, headers, body }
}
