// Each channel kind against a real local receiver: the payload shape the real service expects,
// and how the receiver's answers are classified.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { webhookNotifier } from '../src/notify/channels/webhook/notifier.js'
import { type WebhookSettings, webhookSettings } from '../src/notify/channels/webhook/settings.js'
import { DeliveryError, type Notification, type SendContext } from '../src/notify/notifier.js'
import { type LocalReceiver, startLocalReceiver, verifyStandardWebhook } from './support/receivers.js'
import { aNotification } from './support/receivers-fixtures.js'

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'
const OTHER_SECRET = 'whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD'

let rx: LocalReceiver
beforeAll(async () => {
  rx = await startLocalReceiver()
})
afterAll(() => rx.close())
beforeEach(() => {
  rx.requests.length = 0
  rx.reply = () => ({ status: 200, body: 'ok' })
})

function ctx(timeoutMs = 5_000): SendContext {
  const signal = AbortSignal.timeout(timeoutMs)
  return { signal, fetch: (input, init) => fetch(input, { ...init, signal }) }
}

async function failure(p: Promise<unknown>): Promise<DeliveryError> {
  try {
    await p
  } catch (err) {
    expect(err).toBeInstanceOf(DeliveryError)
    return err as DeliveryError
  }
  throw new Error('expected a DeliveryError')
}

describe('webhook', () => {
  const send = (n: Notification, s: Partial<WebhookSettings> = {}) =>
    webhookNotifier.send(n, webhookSettings.parse({ url: `${rx.url}/hooks/backwatch`, ...s }), ctx())

  it('POSTs the documented JSON body, signed so that a receiver with the secret accepts it', async () => {
    const n = aNotification()
    const res = await send(n, { secret: SECRET, headers: { 'X-Api-Key': 'abc' } })
    expect(res).toEqual({ status: 200, detail: 'ok' })
    const [r] = rx.requests
    expect(r?.method).toBe('POST')
    expect(r?.path).toBe('/hooks/backwatch')
    expect(r?.headers['content-type']).toBe('application/json')
    expect(r?.headers['x-api-key']).toBe('abc')
    expect(r?.headers['webhook-id']).toBe(n.idempotencyKey)
    expect(r?.headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/)
    expect(JSON.parse(r!.body)).toEqual({ type: 'alert.opened', alert: n.alert, at: n.at })
    expect(verifyStandardWebhook(SECRET, r!.headers, r!.body)).toBe(true)
    expect(verifyStandardWebhook(OTHER_SECRET, r!.headers, r!.body)).toBe(false)
    expect(verifyStandardWebhook(SECRET, r!.headers, r!.body.replace('nightly', 'weekly'))).toBe(false)
  })

  it('sends unsigned without a secret', async () => {
    await send(aNotification({ transition: 'resolved' }))
    expect(rx.requests[0]?.headers['webhook-signature']).toBeUndefined()
    expect(JSON.parse(rx.requests[0]!.body).type).toBe('alert.resolved')
  })

  it('503 with Retry-After (seconds) → retryable with the delay', async () => {
    rx.reply = () => ({ status: 503, body: 'busy', headers: { 'retry-after': '7' } })
    const err = await failure(send(aNotification()))
    expect(err).toMatchObject({ retryable: true, retryAfterMs: 7000, status: 503 })
    expect(err.message).toContain('busy')
  })

  it('429 with Retry-After as an HTTP date → retryable with the delay', async () => {
    const at = new Date(Date.now() + 60_000).toUTCString()
    rx.reply = () => ({ status: 429, headers: { 'retry-after': at } })
    const err = await failure(send(aNotification()))
    expect(err.retryable).toBe(true)
    expect(err.retryAfterMs).toBeGreaterThan(50_000)
    expect(err.retryAfterMs).toBeLessThanOrEqual(60_000)
  })

  it.each([400, 404, 410])('%i → not retryable, with the receiver message', async (status) => {
    rx.reply = () => ({ status, body: `{"error":"nope ${status}"}` })
    const err = await failure(send(aNotification()))
    expect(err).toMatchObject({ retryable: false, status })
    expect(err.message).toContain(`nope ${status}`)
  })

  it('a closed port → retryable network error', async () => {
    const dead = await startLocalReceiver()
    const url = dead.url
    await dead.close()
    const err = await failure(webhookNotifier.send(aNotification(), { url }, ctx()))
    expect(err.retryable).toBe(true)
  })

  it('a receiver slower than the timeout → retryable', async () => {
    const { createServer } = await import('node:http')
    const hang = createServer(() => {})
    await new Promise<void>((r) => hang.listen(0, '127.0.0.1', r))
    const port = (hang.address() as { port: number }).port
    const err = await failure(
      webhookNotifier.send(aNotification(), { url: `http://127.0.0.1:${port}/` }, ctx(200)),
    )
    expect(err.retryable).toBe(true)
    expect(err.message).toContain('timed out')
    hang.closeAllConnections()
    hang.close()
  })
})
