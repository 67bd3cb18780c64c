// E-mail: subject = the title; a text part and an HTML part with the facts, the run's log tail in
// a <pre> and a link. Messages about one alert thread together (References).

import type { EmailSettings } from '../../../config/channels/email.js'
import type { Notification } from '../../notifier.js'
import { escapeHtml, factsOf, leadOf, tail, titleOf } from '../text.js'

export interface EmailMessage {
  from: string
  to: string[]
  subject: string
  text: string
  html: string
  messageId: string
  headers: Record<string, string>
}

const LOG_MAX = 20_000

function msgId(local: string): string {
  return `<${local.replace(/[^A-Za-z0-9._-]/g, '-')}@backwatch>`
}

export function buildEmail(n: Notification, s: EmailSettings): EmailMessage {
  const a = n.alert
  const title = titleOf(n)
  const facts = factsOf(a)
  // a fleet report carries the text report where an alert carries its run's log: its head matters
  const isReport = n.transition === 'report'
  const logLabel = isReport ? 'Report' : 'Log tail'
  const log = a.log_tail ? (isReport ? a.log_tail.slice(0, LOG_MAX) : tail(a.log_tail, LOG_MAX)) : null
  const text = [
    title,
    '',
    leadOf(n),
    '',
    ...facts.map(([k, v]) => `${k}: ${v}`),
    ...(log ? ['', `${logLabel}:`, log] : []),
    '',
    `Open in Backwatch: ${a.url}`,
  ].join('\n')
  const html = [
    '<!doctype html><html><body style="font-family:sans-serif">',
    `<h2>${escapeHtml(title)}</h2>`,
    `<p>${escapeHtml(leadOf(n))}</p>`,
    '<table cellpadding="4">',
    ...facts.map(([k, v]) => `<tr><th align="left">${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`),
    '</table>',
    ...(log
      ? [`<h3>${logLabel}</h3>`, `<pre style="background:#f4f4f4;padding:8px">${escapeHtml(log)}</pre>`]
      : []),
    `<p><a href="${escapeHtml(a.url)}">Open in Backwatch</a></p>`,
    '</body></html>',
  ].join('\n')
  // a batch is about several alerts, a report about none: neither joins an alert's thread
  const thread =
    n.transition === 'batch' || n.transition === 'report' ? null : msgId(`backwatch-alert-${a.id}`)
  return {
    from: s.from,
    to: s.to,
    subject: title,
    text,
    html,
    messageId: msgId(n.idempotencyKey),
    headers: {
      'X-Backwatch-Transition': n.transition,
      ...(thread && { 'X-Backwatch-Alert-Id': String(a.id), References: thread, 'In-Reply-To': thread }),
    },
  }
}
