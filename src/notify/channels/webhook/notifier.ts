import { type WebhookSettings, webhookSettings } from '../../../config/channels/webhook.js'
import type { Notifier } from '../../notifier.js'
import { httpSend } from '../http-send.js'
import { buildWebhookRequest } from './body.js'

export const webhookNotifier = {
  kind: 'webhook',
  settings: webhookSettings,
  send: (n, s, ctx) => httpSend(buildWebhookRequest(n, s, Math.floor(Date.now() / 1000)), ctx, 'webhook'),
} satisfies Notifier<WebhookSettings>
