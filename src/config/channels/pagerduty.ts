import { z } from 'zod'
import { httpUrl } from './settings-fields.js'

export const pagerdutySettings = z.strictObject({
  /** the Events API v2 integration key of a service (32 characters) */
  routing_key: z
    .string({ error: 'pagerduty routing_key is required' })
    .trim()
    .regex(/^[A-Za-z0-9]{32}$/, {
      error: 'pagerduty routing_key must be the 32-character Events API v2 integration key',
    }),
  /** Events API v2 endpoint (EU accounts: https://events.eu.pagerduty.com/v2/enqueue) */
  api_url: httpUrl('pagerduty api_url').default('https://events.pagerduty.com/v2/enqueue'),
})
export type PagerdutySettings = z.infer<typeof pagerdutySettings>
