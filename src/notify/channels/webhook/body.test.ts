import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { aBatch, aNotification } from '../../../../test/support/receivers-fixtures.js'
import { webhookSettings } from '../../../config/channels/webhook.js'
import { buildWebhookRequest, signWebhook } from './body.js'

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'

describe('webhook body', () => {
  it.each(['opened', 'resolved', 'repeat', 'escalated', 'test'] as const)('type alert.%s', (transition) => {
    const n = aNotification({ transition })
    const req = buildWebhookRequest(n, { url: 'http://h/x' }, 1_700_000_000)
    const body = JSON.parse(req.body)
    expect(body).toEqual({ type: `alert.${transition}`, alert: n.alert, at: n.at })
    expect(req.headers['webhook-id']).toBe(n.idempotencyKey)
    expect(req.headers['webhook-timestamp']).toBe('1700000000')
    expect(req.headers['webhook-signature']).toBeUndefined()
  })

  it('signs id.timestamp.body with the decoded whsec_ key', () => {
    const n = aNotification()
    const req = buildWebhookRequest(
      n,
      { url: 'http://h/x', secret: SECRET, headers: { 'X-Api-Key': 'k' } },
      1_700_000_000,
    )
    const key = Buffer.from(SECRET.slice('whsec_'.length), 'base64')
    const want = createHmac('sha256', key)
      .update(`${n.idempotencyKey}.1700000000.${req.body}`)
      .digest('base64')
    expect(req.headers['webhook-signature']).toBe(`v1,${want}`)
    expect(req.headers['X-Api-Key']).toBe('k')
  })
})

describe('signWebhook', () => {
  it('matches the Standard Webhooks / Svix published test vector', () => {
    expect(signWebhook(SECRET, 'msg_p5jXN8AQM9LWM0D4loKWxJek', 1614265330, '{"test": 2432232314}')).toBe(
      'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
    )
  })
})

describe('webhook settings', () => {
  it.each([
    [{ url: 'https://example.com/hook' }, null],
    [{ url: 'https://example.com/hook', secret: SECRET }, null],
    [{ url: 'ftp://example.com' }, 'http:// or https://'],
    [{ url: 'https://example.com', secret: 'plain' }, 'whsec_'],
    [{ url: 'https://example.com', headers: { 'webhook-id': 'x' } }, 'must not set'],
    [{ url: 'https://example.com', extra: 1 }, 'extra'],
  ])('%j', (input, error) => {
    const r = webhookSettings.safeParse(input)
    if (error === null) expect(r.success).toBe(true)
    else expect(JSON.stringify(r.error?.issues)).toContain(error)
  })

  it('a batch: type alert.batch, its notifications in alert.details.items', () => {
    const body = JSON.parse(buildWebhookRequest(aBatch(2), { url: 'http://h/x' }, 1_700_000_000).body)
    expect(body.type).toBe('alert.batch')
    expect(body.alert.summary).toBe('2 backup notifications')
    expect(body.alert.details.items.map((i: { alert: { id: number } }) => i.alert.id)).toEqual([1, 2])
  })
})
