import { type TeamsSettings, teamsSettings } from '../../../config/channels/teams.js'
import type { Notifier } from '../../notifier.js'
import { httpSend } from '../http-send.js'
import { buildTeamsRequest } from './body.js'

export const teamsNotifier = {
  kind: 'teams',
  settings: teamsSettings,
  send: (n, s, ctx) => httpSend(buildTeamsRequest(n, s), ctx, 'teams'),
} satisfies Notifier<TeamsSettings>
