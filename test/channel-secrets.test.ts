// A channel's secrets never reach a read token or the log: receivers that echo the request
// (its URL, its headers, the signing secret) into their answer, credentials in a channel URL, and
// errors stored before redaction existed. Real server, real local receivers, the server's real
// log lines recorded.
import { afterEach, describe, expect, it } from 'vitest'
import type { ChannelSpec } from '../src/config/channel-spec.js'
import { lineLogger } from '../src/log.js'
import { type ApiApp, eventually, READ_TOKEN, startApiApp } from './support/api-app.js'
import { webhookChannel } from './support/channels.js'
import { type Received, type Receiver, startReceiver } from './support/receiver.js'

const SECRET = `whsec_${Buffer.from('echoed-signing-secret-0123').toString('base64')}`
const PATH_TOKEN = 'pt8f3KqZ1xWv9Lm2Nb7R'
const QUERY_TOKEN = 'qt9d8c7b6a5f4e3d'
const HEADER_TOKEN = 'hdrZk3Q9vB2nM8xL4tR'
const API_KEY = 'ak7Hc2Jd9Ke4Lp0'
const PASSWORD = 'pw-Xq81Lz0Vb3'

let t: ApiApp | null = null
let hook: Receiver | null = null
let lines: string[] = []
afterEach(async () => {
  await t?.stop()
  await hook?.close()
  t = null
  hook = null
  lines = []
})

const start = (channels: ChannelSpec[]) =>
  startApiApp({ channels }, { log: lineLogger((line) => lines.push(line)) })

/** A receiver's answer that repeats every secret of the request it got. */
const echo = (req: Received) =>
  `rejected ${hook!.url}${req.url} auth=${req.headers.authorization} key=${req.headers['x-api-key']} secret=${SECRET}`

function echoingChannel(url: string): ChannelSpec {
  const channel = webhookChannel(url, {}, SECRET)
  return {
    ...channel,
    settings: {
      ...channel.settings,
      headers: { Authorization: `Bearer ${HEADER_TOKEN}`, 'X-Api-Key': API_KEY },
    },
  }
}

function expectNoSecret(text: string, what: string) {
  for (const secret of [SECRET, PATH_TOKEN, QUERY_TOKEN, HEADER_TOKEN, API_KEY, PASSWORD])
    expect(text, `${what} shows ${secret}`).not.toContain(secret)
}

async function openAlert(app: ApiApp): Promise<number> {
  await app.call('/runs', { method: 'POST', json: { job: 'db-nightly', create: true, exit_code: 1 } })
  return (await eventually(async () => (await app.call('/alerts?status=active')).body.items[0])).id
}

describe('channel secrets in errors, answers and logs', () => {
  it('a receiver echoing the URL, the headers and the secret: redacted in last_error, history and logs', async () => {
    hook = await startReceiver((req) => ({ status: 500, body: echo(req) }))
    t = await start([echoingChannel(`${hook.url}/hooks/${PATH_TOKEN}?token=${QUERY_TOKEN}`)])
    const alert = await openAlert(t)
    const failed = await eventually(async () => {
      const item = (await t!.call(`/alerts/${alert}/notifications`, { token: READ_TOKEN })).body.items[0]
      return item?.last_error ? item : null
    })
    expect(hook.requests[0]!.body).toContain('job.failed')
    expectNoSecret(JSON.stringify(failed), 'the notification history')
    expect(failed.last_error).toMatch(/^webhook: HTTP 500 rejected http:\/\/127\.0\.0\.1:\d+\/…/)
    // the channel's state is written with its next flush of outcomes (outcome-buffer.ts), which
    // may come a moment after the notification's own error
    const channels = await eventually(async () => {
      const body = (await t!.call('/channels', { token: READ_TOKEN })).body
      return body.items[0]?.failing ? body : null
    })
    expect(channels.items[0]).toMatchObject({
      failing: true,
      last_error: expect.stringContaining('[redacted]'),
    })
    expectNoSecret(JSON.stringify(channels), 'GET /channels')

    // the next attempt is accepted, with the same echo as the receiver's answer
    hook.respond = (req) => ({ status: 200, body: echo(req) })
    const sent = await eventually(async () => {
      const item = (await t!.call(`/alerts/${alert}/notifications`, { token: READ_TOKEN })).body.items[0]
      return item?.status === 'sent' ? item : null
    }, 10_000)
    expect(sent.receiver_answer).toContain('rejected')
    expectNoSecret(JSON.stringify(sent), 'the receiver answer')

    // an admin's test message: the 502 and the stored error are redacted too
    hook.respond = (req) => ({ status: 403, body: echo(req) })
    const test = await t.call('/channels/ops-hook/test', { method: 'POST' })
    expect(test.status).toBe(502)
    expectNoSecret(JSON.stringify(test.body), 'the test answer')
    expectNoSecret(JSON.stringify((await t.call('/channels', { token: READ_TOKEN })).body), 'GET /channels')

    // what is stored is already clean, not only what is shown
    expectNoSecret(
      JSON.stringify(await t.app.store.inProject(1).deliveriesForAlert(alert)),
      'the deliveries table',
    )
    expectNoSecret(JSON.stringify(await t.app.store.inProject(1).channelStates()), 'the channel_states table')
    expect(lines.join('')).toContain('delivery failed; retrying')
    expectNoSecret(lines.join(''), 'the log')
  }, 20_000)

  it('a URL with user:password is refused: through the API with a 400, from the config as unusable', async () => {
    hook = await startReceiver()
    const withCredentials = `http://backwatch:${PASSWORD}@127.0.0.1:${new URL(hook.url).port}/x`
    t = await start([webhookChannel(withCredentials)])
    const alert = await openAlert(t)

    const channel = (await t.call('/channels', { token: READ_TOKEN })).body.items[0]
    expect(channel.error).toContain('put credentials in headers or *_env settings, not in the URL')
    expectNoSecret(JSON.stringify(channel), 'GET /channels')
    // nothing was sent with the credentials, and nothing recorded shows them
    expect((await t.call(`/alerts/${alert}/notifications`)).body.items).toEqual([])
    expect(hook.requests).toEqual([])

    const created = await t.call('/channels', {
      method: 'POST',
      json: { name: 'api-hook', type: 'webhook', url: withCredentials },
    })
    expect(created.status).toBe(400)
    expect(created.body.error.code).toBe('invalid_channel')
    expect(created.body.error.message).toContain(
      'put credentials in headers or *_env settings, not in the URL',
    )
    expectNoSecret(JSON.stringify(created.body), 'the 400')
    expectNoSecret(lines.join(''), 'the log')
  })

  it('errors stored before redaction existed are shown redacted', async () => {
    hook = await startReceiver()
    t = await start([echoingChannel(`${hook.url}/x`)])
    const app = t.app
    await app.dispatcher.stop()
    const alert = await openAlert(t)
    const leaky =
      `webhook: Request cannot be constructed from a URL that includes credentials: ` +
      `http://backwatch:${PASSWORD}@127.0.0.1/hooks/${PATH_TOKEN}?token=${QUERY_TOKEN} ` +
      `(sent Authorization: Bearer ${HEADER_TOKEN}, X-Api-Key ${API_KEY}, ${SECRET})`
    const [row] = await eventually(async () => {
      const rows = await app.store.inProject(1).claimDeliveries(Date.now() + 60_000, 'test', 60_000, 10)
      return rows.length > 0 ? rows : null
    })
    await app.store.inProject(1).failDelivery(row!.id, 'test', leaky, Date.now())
    await app.store.inProject(1).recordChannelResult('ops-hook', false, leaky, Date.now())

    const history = (await t.call(`/alerts/${alert}/notifications`, { token: READ_TOKEN })).body
    expect(history.items[0]).toMatchObject({
      status: 'failed',
      last_error: expect.stringContaining(
        'includes credentials: http://127.0.0.1/hooks/[redacted]?token=[redacted]',
      ),
    })
    expectNoSecret(JSON.stringify(history), 'the notification history')
    const channels = (await t.call('/channels', { token: READ_TOKEN })).body
    expect(channels.items[0].last_error).toContain('(sent Authorization: [redacted], X-Api-Key [redacted]')
    expectNoSecret(JSON.stringify(channels), 'GET /channels')
  })
})
