// Telegram Bot API: POST <api>/bot<token>/sendMessage {chat_id, text, parse_mode}; text ≤ 4096.

import type { TelegramSettings } from '../../../config/channels/telegram.js'
import type { Notification } from '../../notifier.js'
import { type HttpRequest, joinUrl, jsonPost } from '../http-send.js'
import { cut, escapeHtml, factsOf, leadOf, plainTextOf, titleOf } from '../text.js'

export const TELEGRAM_MAX = 4096

export function telegramText(n: Notification, parseMode: 'HTML' | 'none'): string {
  if (parseMode === 'none') return cut(plainTextOf(n, { leadMax: TELEGRAM_MAX - 400 }), TELEGRAM_MAX)
  const facts = factsOf(n.alert)
    .map(([k, v]) => `${k}: ${escapeHtml(v)}`)
    .join('\n')
  const title = `<b>${escapeHtml(titleOf(n))}</b>`
  const link = `<a href="${escapeHtml(n.alert.url)}">Open in Backwatch</a>`
  const budget = TELEGRAM_MAX - title.length - cut(facts, 1000).length - link.length - 3
  const lead = escapedLead(leadOf(n, budget), budget)
  return [title, lead, ...(facts ? [cut(facts, 1000)] : []), link].join('\n')
}

/** The lead cut before escaping (so no entity is split) until its escaped form fits `budget`. */
function escapedLead(lead: string, budget: number): string {
  let max = Math.min(lead.length, budget)
  let out = escapeHtml(cut(lead, max))
  while (out.length > budget && max > 1) {
    max = Math.max(1, Math.floor((max * budget) / out.length) - 1)
    out = escapeHtml(cut(lead, max))
  }
  return out
}

export function telegramPayload(n: Notification, s: TelegramSettings) {
  return {
    chat_id: s.chat_id,
    text: telegramText(n, s.parse_mode),
    ...(s.parse_mode === 'HTML' ? { parse_mode: 'HTML' } : {}),
    link_preview_options: { is_disabled: true },
  }
}

export function buildTelegramRequest(n: Notification, s: TelegramSettings): HttpRequest {
  return jsonPost(joinUrl(s.api_url, `/bot${s.bot_token}/sendMessage`), telegramPayload(n, s))
}
