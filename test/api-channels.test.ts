// /api/v1/channels and the notification history, against a real server and real receivers.
import { afterEach, describe, expect, it } from 'vitest'
import { type ApiApp, READ_TOKEN, startApiApp } from './support/api-app.js'
import { eventually } from './support/app.js'
import { webhookChannel } from './support/channels.js'
import { type Receiver, startReceiver } from './support/receiver.js'

let t: ApiApp | null = null
let hook: Receiver | null = null
afterEach(async () => {
  await t?.stop()
  await hook?.close()
  t = null
  hook = null
})

const SECRET = `whsec_${Buffer.from('channel-api-test-secret').toString('base64')}`

describe('API /channels', () => {
  it('lists channels with their health and pending count, never their secrets', async () => {
    hook = await startReceiver()
    t = await startApiApp({
      channels: [
        webhookChannel(
          `${hook.url}/x`,
          { minSeverity: 'warning', match: { environment: ['production'] } },
          SECRET,
        ),
      ],
    })
    const res = await t.call('/channels', { token: READ_TOKEN })
    expect(res.status).toBe(200)
    expect(res.body.items).toEqual([
      {
        name: 'ops-hook',
        type: 'webhook',
        source: 'config',
        settings: { url: `${hook.url}/x`, secret: '[redacted]' },
        error: null,
        min_severity: 'warning',
        match: { environment: ['production'] },
        send_resolved: true,
        mode: 'immediate',
        digest_interval: '1h',
        repeat_interval: null,
        rate_limit: null,
        last_success_at: null,
        last_error: null,
        last_error_at: null,
        failing: false,
        pending: 0,
      },
    ])
    expect(JSON.stringify(res.body)).not.toContain('whsec_')
  })

  it('sends a clearly marked test message and reports the receiver’s answer', async () => {
    hook = await startReceiver(() => ({ status: 200, body: 'accepted by test receiver' }))
    t = await startApiApp({ channels: [webhookChannel(`${hook.url}/x`, {}, SECRET)] })
    const ok = await t.call('/channels/ops-hook/test', { method: 'POST' })
    expect(ok).toMatchObject({
      status: 200,
      body: { ok: true, channel: 'ops-hook', status: 200, detail: 'accepted by test receiver' },
    })
    expect(JSON.parse(hook.requests[0]!.body)).toMatchObject({ type: 'alert.test' })
    expect((await t.call('/channels')).body.items[0]).toMatchObject({
      failing: false,
      last_success_at: expect.any(String),
    })

    hook.respond = () => ({ status: 410, body: 'gone' })
    const gone = await t.call('/channels/ops-hook/test', { method: 'POST' })
    expect(gone.status).toBe(502)
    expect(gone.body.error).toMatchObject({
      code: 'delivery_failed',
      details: { status: 410, retryable: false },
    })
    expect((await t.call('/channels')).body.items[0]).toMatchObject({
      failing: true,
      last_error: expect.stringContaining('410'),
    })

    expect((await t.call('/channels/nope/test', { method: 'POST' })).status).toBe(404)
    expect((await t.call('/channels/ops-hook/test', { method: 'POST', token: READ_TOKEN })).status).toBe(403)
  })

  it('shows the notification history of an alert', async () => {
    hook = await startReceiver()
    t = await startApiApp({ channels: [webhookChannel(`${hook.url}/x`, {}, SECRET)] })
    await t.call('/runs', { method: 'POST', json: { job: 'h', create: true, exit_code: 1 } })
    const [alert] = (await t.call('/alerts?status=active')).body.items
    await eventually(
      async () => (await t!.call(`/alerts/${alert.id}/notifications`)).body.items[0]?.status === 'sent',
    )
    const history = (await t.call(`/alerts/${alert.id}/notifications`, { token: READ_TOKEN })).body.items
    expect(history).toEqual([
      {
        channel: 'ops-hook',
        transition: 'opened',
        status: 'sent',
        attempts: 1,
        last_error: null,
        receiver_answer: expect.any(String),
        created_at: expect.any(String),
        sent_at: expect.any(String),
        next_attempt_at: null,
      },
    ])
    expect((await t.call('/alerts/999999/notifications')).status).toBe(404)
  })
})
