import type { Notifier } from '../../notifier.js'
import { httpSend } from '../http-send.js'
import { buildPushoverRequest } from './body.js'
import { type PushoverSettings, pushoverSettings } from './settings.js'

export const pushoverNotifier = {
  kind: 'pushover',
  settings: pushoverSettings,
  send: (n, s, ctx) => httpSend(buildPushoverRequest(n, s), ctx, 'pushover'),
} satisfies Notifier<PushoverSettings>
