import { type PushoverSettings, pushoverSettings } from '../../../config/channels/pushover.js'
import type { Notifier } from '../../notifier.js'
import { httpSend } from '../http-send.js'
import { buildPushoverRequest } from './body.js'

export const pushoverNotifier = {
  kind: 'pushover',
  settings: pushoverSettings,
  send: (n, s, ctx) => httpSend(buildPushoverRequest(n, s), ctx, 'pushover'),
} satisfies Notifier<PushoverSettings>
