// ntfy: POST <server>/<topic>, the message as the body, title/priority/tags/click as headers
// (non-ASCII header text RFC 2047 encoded, which ntfy ≥ 2.4 decodes).

import type { NtfySettings } from '../../../config/channels/ntfy.js'
import type { Notification } from '../../notifier.js'
import { type HttpRequest, headerText, joinUrl } from '../http-send.js'
import { plainTextOf, titleOf } from '../text.js'

/** critical 5 (max), warning 4 (high), info 3 (default), resolved 2 (low). */
export function ntfyPriority(n: Notification): number {
  if (n.transition === 'resolved' || n.alert.status === 'resolved') return 2
  if (n.transition === 'test') return 3
  return { critical: 5, warning: 4, info: 3 }[n.alert.severity]
}

/** ntfy turns known tag names into emojis; the rest show as tags. */
export function ntfyTags(n: Notification): string[] {
  const resolved = n.transition === 'resolved' || n.alert.status === 'resolved'
  const emoji =
    n.transition === 'test'
      ? 'test_tube'
      : resolved
        ? 'white_check_mark'
        : n.alert.severity === 'critical'
          ? 'rotating_light'
          : n.alert.severity === 'warning'
            ? 'warning'
            : 'information_source'
  return [emoji, 'backwatch', n.alert.type]
}

export function buildNtfyRequest(n: Notification, s: NtfySettings): HttpRequest {
  const headers: Record<string, string> = {
    'content-type': 'text/plain; charset=utf-8',
    'X-Title': headerText(titleOf(n)),
    'X-Priority': String(ntfyPriority(n)),
    'X-Tags': headerText(ntfyTags(n).join(',')),
    'X-Click': asciiUrl(n.alert.url),
  }
  if (s.token) headers.authorization = `Bearer ${s.token}`
  return {
    method: 'POST',
    url: joinUrl(s.url, `/${s.topic}`),
    headers,
    body: plainTextOf(n, { title: false }),
  }
}

/** The URL in its ASCII form (punycode host, percent-encoded path), as a header can carry it. */
function asciiUrl(url: string): string {
  try {
    return new URL(url).href
  } catch {
    return headerText(url)
  }
}
