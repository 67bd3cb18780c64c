import { z } from 'zod'
import { httpUrl } from './settings-fields.js'

/** Office 365 connector webhooks (retired): `*.webhook.office.com/webhookb2/…`, `outlook.office.com/webhook/…`. */
export function isRetiredConnectorUrl(value: string): boolean {
  try {
    const u = new URL(value)
    const host = u.hostname.toLowerCase()
    if (host.endsWith('.webhook.office.com') || host === 'webhook.office.com') return true
    if (
      (host === 'outlook.office.com' || host === 'outlook.office365.com') &&
      u.pathname.startsWith('/webhook')
    )
      return true
    return u.pathname.includes('/webhookb2/')
  } catch {
    return false
  }
}

export const teamsSettings = z.strictObject({
  /** a Teams Workflows webhook URL ("Post to a channel when a webhook request is received") */
  url: httpUrl('teams url').refine((u) => !isRetiredConnectorUrl(u), {
    error:
      'teams url is an Office 365 connector webhook, which Microsoft retired: in Teams, create a Workflows ' +
      'webhook ("Post to a channel when a webhook request is received") and use its URL instead',
  }),
})
export type TeamsSettings = z.infer<typeof teamsSettings>
