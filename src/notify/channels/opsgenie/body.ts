// Opsgenie / Jira Service Management Ops alert API: create (POST /v2/alerts) with an alias stable
// per alert, so repeats deduplicate, and close by that alias on resolution.

import type { OpsgenieSettings } from '../../../config/channels/opsgenie.js'
import type { Notification } from '../../notifier.js'
import { type HttpRequest, joinUrl, jsonPost } from '../http-send.js'
import { cut, plainTextOf, subjectOf, tail, titleOf } from '../text.js'

export function opsgenieAlias(n: Notification): string {
  const alias =
    n.transition === 'test' ? `backwatch-test-${n.idempotencyKey}` : `backwatch-alert-${n.alert.id}`
  return alias.slice(0, 512)
}

export function opsgeniePriority(n: Notification): 'P1' | 'P3' | 'P5' {
  if (n.transition === 'test') return 'P5'
  return ({ critical: 'P1', warning: 'P3', info: 'P5' } as const)[n.alert.severity]
}

export function opsgenieCreate(n: Notification) {
  const a = n.alert
  const details: Record<string, string> = {
    type: a.type,
    severity: a.severity,
    url: a.url,
    transition: n.transition,
  }
  if (a.job) details.job = a.job
  if (a.server) details.server = a.server
  if (a.environment) details.environment = a.environment
  const log = a.log_tail ? `\n\nLog tail:\n${tail(a.log_tail, 8000)}` : ''
  return {
    message: cut(titleOf(n), 130),
    alias: opsgenieAlias(n),
    description: cut(plainTextOf(n) + log, 15000),
    priority: opsgeniePriority(n),
    tags: ['backwatch', ...a.tags].slice(0, 20).map((t) => cut(t, 50)),
    details,
    entity: cut(subjectOf(a), 512),
    source: 'Backwatch',
  }
}

export function buildOpsgenieRequest(n: Notification, s: OpsgenieSettings): HttpRequest {
  const auth = { authorization: `GenieKey ${s.api_key}` }
  if (n.transition === 'resolved') {
    const alias = encodeURIComponent(opsgenieAlias(n))
    const close = { source: 'Backwatch', note: cut(`Resolved: ${n.alert.summary}`, 25000) }
    return jsonPost(joinUrl(s.api_url, `/v2/alerts/${alias}/close?identifierType=alias`), close, auth)
  }
  return jsonPost(joinUrl(s.api_url, '/v2/alerts'), opsgenieCreate(n), auth)
}
