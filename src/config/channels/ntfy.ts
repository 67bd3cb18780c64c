import { z } from 'zod'
import { httpUrl } from './settings-fields.js'

export const ntfySettings = z.strictObject({
  /** the ntfy server (https://ntfy.sh or your own) */
  url: httpUrl('ntfy url'),
  topic: z
    .string({ error: 'ntfy topic is required' })
    .regex(/^[-_A-Za-z0-9]{1,64}$/, { error: 'ntfy topic must be 1-64 letters, digits, "-" or "_"' }),
  /** access token (Authorization: Bearer) for protected topics */
  token: z.string().trim().min(1, { error: 'ntfy token must not be empty' }).optional(),
})
export type NtfySettings = z.infer<typeof ntfySettings>
