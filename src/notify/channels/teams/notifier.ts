import type { Notifier } from '../../notifier.js'
import { httpSend } from '../http-send.js'
import { buildTeamsRequest } from './body.js'
import { type TeamsSettings, teamsSettings } from './settings.js'

export const teamsNotifier = {
  kind: 'teams',
  settings: teamsSettings,
  send: (n, s, ctx) => httpSend(buildTeamsRequest(n, s), ctx, 'teams'),
} satisfies Notifier<TeamsSettings>
