import { z } from 'zod'
import { httpUrl } from './settings-fields.js'

const key = (what: string) =>
  z
    .string({ error: `pushover ${what} is required` })
    .trim()
    .regex(/^[A-Za-z0-9]{30}$/, { error: `pushover ${what} must be 30 letters and digits` })

export const pushoverSettings = z.strictObject({
  /** the application's API token */
  token: key('token'),
  /** the user or group key */
  user: key('user'),
  /** only these devices (comma-separated names) */
  device: z.string().trim().min(1).optional(),
  api_url: httpUrl('pushover api_url').default('https://api.pushover.net'),
})
export type PushoverSettings = z.infer<typeof pushoverSettings>
