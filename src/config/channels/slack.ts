import { z } from 'zod'
import { httpUrl } from './settings-fields.js'

export const slackSettings = z.strictObject({
  /** the incoming webhook URL (https://hooks.slack.com/services/…) */
  url: httpUrl('slack url'),
})
export type SlackSettings = z.infer<typeof slackSettings>
