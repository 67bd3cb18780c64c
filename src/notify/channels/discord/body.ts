// Discord webhook: one `content` message of at most 2000 characters; mentions disabled so a job
// named "@everyone" pings nobody. Discord answers 204.

import type { DiscordSettings } from '../../../config/channels/discord.js'
import type { Notification } from '../../notifier.js'
import { type HttpRequest, jsonPost } from '../http-send.js'
import { cut, factsOf, leadOf, tail, titleOf } from '../text.js'

export const DISCORD_MAX = 2000

export function discordContent(n: Notification): string {
  const a = n.alert
  if (n.transition === 'batch') {
    const title = `**${titleOf(n)}**`
    const link = `<${a.url}>`
    return `${title}\n${leadOf(n, DISCORD_MAX - title.length - link.length - 2)}\n${link}`
  }
  const facts = factsOf(a)
    .filter(([k]) => k !== 'Opened' && k !== 'Resolved')
    .map(([k, v]) => `${k}: ${v}`)
    .join(' · ')
  const head = cut(`**${titleOf(n)}**\n${leadOf(n)}`, 1500)
  const text = `${head}\n${facts}\n<${a.url}>`
  if (!a.log_tail || n.transition === 'resolved') return cut(text, DISCORD_MAX)
  const room = DISCORD_MAX - text.length - '\n```\n\n```'.length
  if (room < 80) return cut(text, DISCORD_MAX)
  return `${text}\n\`\`\`\n${tail(a.log_tail.replace(/```/g, "'''"), room)}\n\`\`\``
}

export function buildDiscordRequest(n: Notification, s: DiscordSettings): HttpRequest {
  const body = {
    content: discordContent(n),
    allowed_mentions: { parse: [] },
    ...(s.username ? { username: s.username } : {}),
  }
  return jsonPost(s.url, body)
}
