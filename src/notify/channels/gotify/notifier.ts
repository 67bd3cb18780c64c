import { type GotifySettings, gotifySettings } from '../../../config/channels/gotify.js'
import type { Notifier } from '../../notifier.js'
import { httpSend } from '../http-send.js'
import { buildGotifyRequest } from './body.js'

export const gotifyNotifier = {
  kind: 'gotify',
  settings: gotifySettings,
  send: (n, s, ctx) => httpSend(buildGotifyRequest(n, s), ctx, 'gotify'),
} satisfies Notifier<GotifySettings>
