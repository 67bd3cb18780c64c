import type { Notifier } from '../../notifier.js'
import { httpSend } from '../http-send.js'
import { buildNtfyRequest } from './body.js'
import { type NtfySettings, ntfySettings } from './settings.js'

export const ntfyNotifier = {
  kind: 'ntfy',
  settings: ntfySettings,
  send: (n, s, ctx) => httpSend(buildNtfyRequest(n, s), ctx, 'ntfy'),
} satisfies Notifier<NtfySettings>
