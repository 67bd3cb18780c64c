import { type PagerdutySettings, pagerdutySettings } from '../../../config/channels/pagerduty.js'
import type { Notifier } from '../../notifier.js'
import { httpSend } from '../http-send.js'
import { buildPagerdutyRequest } from './body.js'

export const pagerdutyNotifier = {
  kind: 'pagerduty',
  settings: pagerdutySettings,
  send: (n, s, ctx) => httpSend(buildPagerdutyRequest(n, s), ctx, 'pagerduty'),
  // one event per alert: its dedup_key opens and resolves one incident
  coalesce: false,
} satisfies Notifier<PagerdutySettings>
