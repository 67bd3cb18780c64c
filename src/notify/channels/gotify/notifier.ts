import type { Notifier } from '../../notifier.js'
import { httpSend } from '../http-send.js'
import { buildGotifyRequest } from './body.js'
import { type GotifySettings, gotifySettings } from './settings.js'

export const gotifyNotifier = {
  kind: 'gotify',
  settings: gotifySettings,
  send: (n, s, ctx) => httpSend(buildGotifyRequest(n, s), ctx, 'gotify'),
} satisfies Notifier<GotifySettings>
