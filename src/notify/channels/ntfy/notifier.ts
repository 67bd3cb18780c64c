import { type NtfySettings, ntfySettings } from '../../../config/channels/ntfy.js'
import type { Notifier } from '../../notifier.js'
import { httpSend } from '../http-send.js'
import { buildNtfyRequest } from './body.js'

export const ntfyNotifier = {
  kind: 'ntfy',
  settings: ntfySettings,
  send: (n, s, ctx) => httpSend(buildNtfyRequest(n, s), ctx, 'ntfy'),
} satisfies Notifier<NtfySettings>
