import { z } from 'zod'
import { httpUrl } from './settings-fields.js'

const RESERVED = new Set([
  'content-type',
  'content-length',
  'host',
  'webhook-id',
  'webhook-timestamp',
  'webhook-signature',
])

export const webhookSettings = z.strictObject({
  url: httpUrl('webhook url'),
  /** Standard Webhooks secret: `whsec_` + base64 of the key (at least 24 bytes is advised, 16 required) */
  secret: z
    .string()
    .trim()
    .refine((s) => decodeSecret(s) !== null, {
      error: 'webhook secret must look like whsec_<base64>, with a key of at least 16 bytes',
    })
    .optional(),
  /** extra headers sent with every call (e.g. an API key the receiver wants) */
  headers: z
    .record(
      z
        .string()
        .regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, { error: 'webhook header names must be HTTP tokens' }),
      z.string().regex(/^[\t\x20-\x7e]*$/, { error: 'webhook header values must be printable ASCII' }),
    )
    .refine((h) => Object.keys(h).every((k) => !RESERVED.has(k.toLowerCase())), {
      error: `webhook headers must not set ${[...RESERVED].join(', ')}`,
    })
    .optional(),
})
export type WebhookSettings = z.infer<typeof webhookSettings>

/** The HMAC key of a `whsec_<base64>` secret, or null when it is not one. */
export function decodeSecret(secret: string): Buffer | null {
  const m = /^whsec_([A-Za-z0-9+/]+={0,2})$/.exec(secret)
  if (!m?.[1]) return null
  const key = Buffer.from(m[1], 'base64')
  return key.length >= 16 ? key : null
}
