// Slack incoming webhook: `text` (the notification and fallback) and Block Kit `blocks`.

import type { SlackSettings } from '../../../config/channels/slack.js'
import type { Notification } from '../../notifier.js'
import { type HttpRequest, jsonPost } from '../http-send.js'
import { cut, factsOf, leadOf, tail, titleOf } from '../text.js'

/** Slack mrkdwn needs only &, < and > escaped. */
export function slackEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}

export function slackPayload(n: Notification) {
  const a = n.alert
  const title = titleOf(n)
  const blocks: unknown[] = [
    {
      type: 'section',
      text: { type: 'mrkdwn', text: cut(`*${slackEscape(title)}*\n${slackEscape(leadOf(n, 2800))}`, 3000) },
    },
    {
      type: 'context',
      elements: factsOf(a)
        .filter(([k]) => k === 'Job' || k === 'Server' || k === 'Severity' || k === 'Environment')
        .map(([k, v]) => ({ type: 'mrkdwn', text: `*${k}:* ${slackEscape(v)}` }))
        .concat([{ type: 'mrkdwn', text: `<${a.url}|Open in Backwatch>` }]),
    },
  ]
  if (a.log_tail && n.transition !== 'resolved') {
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: '```' + slackEscape(tail(a.log_tail, 2900)) + '```' },
    })
  }
  // a batch's summary is its title ("5 backup notifications")
  return { text: cut(n.transition === 'batch' ? title : `${title}: ${a.summary}`, 3000), blocks }
}

export function buildSlackRequest(n: Notification, s: SlackSettings): HttpRequest {
  return jsonPost(s.url, slackPayload(n))
}
