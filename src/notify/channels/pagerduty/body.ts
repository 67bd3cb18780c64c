// PagerDuty Events API v2: trigger on opening (and repeats, escalations, tests), resolve on
// resolution, both with a dedup_key stable per alert so PagerDuty folds them into one incident.

import type { PagerdutySettings } from '../../../config/channels/pagerduty.js'
import type { Notification } from '../../notifier.js'
import { type HttpRequest, jsonPost } from '../http-send.js'
import { cut, leadOf, tail, titleOf } from '../text.js'

export function pagerdutyDedupKey(n: Notification): string {
  // a test must never resolve or merge into a real incident
  const key = n.transition === 'test' ? `backwatch-test-${n.idempotencyKey}` : `backwatch-alert-${n.alert.id}`
  return key.slice(0, 255)
}

export function pagerdutyEvent(n: Notification, s: PagerdutySettings) {
  const dedup_key = pagerdutyDedupKey(n)
  if (n.transition === 'resolved') return { routing_key: s.routing_key, event_action: 'resolve', dedup_key }
  const a = n.alert
  return {
    routing_key: s.routing_key,
    event_action: 'trigger',
    dedup_key,
    payload: {
      summary: cut(`${titleOf(n)} — ${leadOf(n)}`, 1024),
      source: a.server ?? 'backwatch',
      severity: n.transition === 'test' ? 'info' : a.severity,
      timestamp: a.opened_at,
      ...(a.job ? { component: a.job } : {}),
      ...(a.environment ? { group: a.environment } : {}),
      class: a.type,
      custom_details: {
        summary: a.summary,
        job: a.job,
        server: a.server,
        environment: a.environment,
        tags: a.tags,
        transition: n.transition,
        details: a.details,
        ...(a.log_tail ? { log_tail: tail(a.log_tail, 4000) } : {}),
      },
    },
    client: 'Backwatch',
    client_url: a.url,
    links: [{ href: a.url, text: 'Open in Backwatch' }],
  }
}

export function buildPagerdutyRequest(n: Notification, s: PagerdutySettings): HttpRequest {
  return jsonPost(s.api_url, pagerdutyEvent(n, s))
}
