import type { Notifier } from '../../notifier.js'
import { httpSend } from '../http-send.js'
import { buildPagerdutyRequest } from './body.js'
import { type PagerdutySettings, pagerdutySettings } from './settings.js'

export const pagerdutyNotifier = {
  kind: 'pagerduty',
  settings: pagerdutySettings,
  send: (n, s, ctx) => httpSend(buildPagerdutyRequest(n, s), ctx, 'pagerduty'),
} satisfies Notifier<PagerdutySettings>
