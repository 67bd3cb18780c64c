import type { Notifier } from '../../notifier.js'
import { httpSend } from '../http-send.js'
import { buildTelegramRequest } from './body.js'
import { type TelegramSettings, telegramSettings } from './settings.js'

export const telegramNotifier = {
  kind: 'telegram',
  settings: telegramSettings,
  send: (n, s, ctx) => httpSend(buildTelegramRequest(n, s), ctx, 'telegram'),
} satisfies Notifier<TelegramSettings>
