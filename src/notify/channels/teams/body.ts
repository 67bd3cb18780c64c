// Microsoft Teams Workflows webhook: a message with one Adaptive Card attachment.

import type { TeamsSettings } from '../../../config/channels/teams.js'
import type { Notification } from '../../notifier.js'
import { type HttpRequest, jsonPost } from '../http-send.js'
import { cut, factsOf, leadOf, tail, titleOf } from '../text.js'

function colorOf(n: Notification): string {
  if (n.transition === 'resolved' || n.alert.status === 'resolved') return 'Good'
  if (n.transition === 'test') return 'Accent'
  return n.alert.severity === 'critical'
    ? 'Attention'
    : n.alert.severity === 'warning'
      ? 'Warning'
      : 'Default'
}

export function teamsCard(n: Notification) {
  const a = n.alert
  const body: unknown[] = [
    { type: 'TextBlock', text: titleOf(n), size: 'Medium', weight: 'Bolder', color: colorOf(n), wrap: true },
    { type: 'TextBlock', text: cut(leadOf(n, 2000), 2000), wrap: true },
    { type: 'FactSet', facts: factsOf(a).map(([title, value]) => ({ title, value })) },
  ]
  if (a.log_tail && n.transition !== 'resolved') {
    body.push({
      type: 'TextBlock',
      text: tail(a.log_tail, 2000),
      fontType: 'Monospace',
      wrap: true,
      isSubtle: true,
    })
  }
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.4',
    body,
    actions: [{ type: 'Action.OpenUrl', title: 'Open in Backwatch', url: a.url }],
    msteams: { width: 'Full' },
  }
}

export function teamsPayload(n: Notification) {
  return {
    type: 'message',
    attachments: [
      { contentType: 'application/vnd.microsoft.card.adaptive', contentUrl: null, content: teamsCard(n) },
    ],
  }
}

export function buildTeamsRequest(n: Notification, s: TeamsSettings): HttpRequest {
  return jsonPost(s.url, teamsPayload(n))
}
