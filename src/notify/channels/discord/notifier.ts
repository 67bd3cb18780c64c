import { type DiscordSettings, discordSettings } from '../../../config/channels/discord.js'
import type { Notifier } from '../../notifier.js'
import { httpSend } from '../http-send.js'
import { buildDiscordRequest } from './body.js'

export const discordNotifier = {
  kind: 'discord',
  settings: discordSettings,
  send: (n, s, ctx) => httpSend(buildDiscordRequest(n, s), ctx, 'discord'),
  // a webhook takes about 5 messages per 2 s
  rateLimitPerSecond: 2,
} satisfies Notifier<DiscordSettings>
