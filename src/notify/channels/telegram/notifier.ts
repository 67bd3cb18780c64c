import { type TelegramSettings, telegramSettings } from '../../../config/channels/telegram.js'
import type { Notifier } from '../../notifier.js'
import { httpSend } from '../http-send.js'
import { buildTelegramRequest } from './body.js'

export const telegramNotifier = {
  kind: 'telegram',
  settings: telegramSettings,
  send: (n, s, ctx) => httpSend(buildTelegramRequest(n, s), ctx, 'telegram'),
  // a bot may send about one message a second to one chat
  rateLimitPerSecond: 1,
} satisfies Notifier<TelegramSettings>
