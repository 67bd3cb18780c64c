import { type OpsgenieSettings, opsgenieSettings } from '../../../config/channels/opsgenie.js'
import type { Notifier } from '../../notifier.js'
import { httpSend } from '../http-send.js'
import { buildOpsgenieRequest } from './body.js'

export const opsgenieNotifier = {
  kind: 'opsgenie',
  settings: opsgenieSettings,
  send: (n, s, ctx) => httpSend(buildOpsgenieRequest(n, s), ctx, 'opsgenie'),
  // one alert per alert: its alias creates and closes it
  coalesce: false,
} satisfies Notifier<OpsgenieSettings>
