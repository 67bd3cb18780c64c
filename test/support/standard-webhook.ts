// Verifies a Standard Webhooks delivery as a receiver would (for the webhook channel's tests).
import { createHmac, timingSafeEqual } from 'node:crypto'
import type { IncomingHttpHeaders } from 'node:http'

/**
 * Verifies a Standard Webhooks delivery the way a receiver would: the `whsec_` key signs
 * `${webhook-id}.${webhook-timestamp}.${body}`; any `v1,` signature in the space-separated list
 * may match; the timestamp must be within `toleranceS` of now.
 */
export function verifyStandardWebhook(
  secret: string,
  headers: IncomingHttpHeaders,
  body: string,
  nowS = Math.floor(Date.now() / 1000),
  toleranceS = 300,
): boolean {
  const id = headers['webhook-id']
  const ts = headers['webhook-timestamp']
  const sigs = headers['webhook-signature']
  if (typeof id !== 'string' || typeof ts !== 'string' || typeof sigs !== 'string') return false
  if (!/^\d+$/.test(ts) || Math.abs(nowS - Number(ts)) > toleranceS) return false
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64')
  const want = createHmac('sha256', key).update(`${id}.${ts}.${body}`).digest()
  return sigs.split(' ').some((s) => {
    const [version, b64] = s.split(',', 2)
    if (version !== 'v1' || !b64) return false
    const got = Buffer.from(b64, 'base64')
    return got.length === want.length && timingSafeEqual(got, want)
  })
}
