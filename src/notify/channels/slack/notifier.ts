import { type SlackSettings, slackSettings } from '../../../config/channels/slack.js'
import type { Notifier } from '../../notifier.js'
import { httpSend } from '../http-send.js'
import { buildSlackRequest } from './body.js'

export const slackNotifier = {
  kind: 'slack',
  settings: slackSettings,
  send: (n, s, ctx) => httpSend(buildSlackRequest(n, s), ctx, 'slack'),
  // about one message a second per incoming webhook
  rateLimitPerSecond: 1,
} satisfies Notifier<SlackSettings>
