// Each channel kind against a real local receiver: the payload shape the real service expects,
// and how the receiver's answers are classified.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { simpleParser } from 'mailparser'
import { SMTPServer } from 'smtp-server'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { type WebhookSettings, webhookSettings } from '../src/config/channels/webhook.js'
import { commandNotifier } from '../src/notify/channels/command/notifier.js'
import { discordNotifier } from '../src/notify/channels/discord/notifier.js'
import { emailNotifier } from '../src/notify/channels/email/notifier.js'
import { gotifyNotifier } from '../src/notify/channels/gotify/notifier.js'
import { ntfyNotifier } from '../src/notify/channels/ntfy/notifier.js'
import { opsgenieNotifier } from '../src/notify/channels/opsgenie/notifier.js'
import { pagerdutyNotifier } from '../src/notify/channels/pagerduty/notifier.js'
import { pushoverNotifier } from '../src/notify/channels/pushover/notifier.js'
import { slackNotifier } from '../src/notify/channels/slack/notifier.js'
import { teamsNotifier } from '../src/notify/channels/teams/notifier.js'
import { telegramNotifier } from '../src/notify/channels/telegram/notifier.js'
import { webhookNotifier } from '../src/notify/channels/webhook/notifier.js'
import { DeliveryError, type Notification, type SendContext } from '../src/notify/notifier.js'
import { type Receiver, startReceiver } from './support/receiver.js'
import { aNotification } from './support/receivers-fixtures.js'
import { verifyStandardWebhook } from './support/standard-webhook.js'

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'
const OTHER_SECRET = 'whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD'

let rx: Receiver
beforeAll(async () => {
  rx = await startReceiver()
})
afterAll(() => rx.close())
beforeEach(() => {
  rx.requests.length = 0
  rx.respond = () => ({ status: 200, body: 'ok' })
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
    rx.respond = () => ({ status: 503, body: 'busy', headers: { 'retry-after': '7' } })
    const err = await failure(send(aNotification()))
    expect(err).toMatchObject({ retryable: true, retryAfterMs: 7000, status: 503 })
    expect(err.message).toContain('busy')
  })

  it('429 with Retry-After as an HTTP date → retryable with the delay', async () => {
    const at = new Date(Date.now() + 60_000).toUTCString()
    rx.respond = () => ({ status: 429, headers: { 'retry-after': at } })
    const err = await failure(send(aNotification()))
    expect(err.retryable).toBe(true)
    expect(err.retryAfterMs).toBeGreaterThan(50_000)
    expect(err.retryAfterMs).toBeLessThanOrEqual(60_000)
  })

  it.each([400, 404, 410])('%i → not retryable, with the receiver message', async (status) => {
    rx.respond = () => ({ status, body: `{"error":"nope ${status}"}` })
    const err = await failure(send(aNotification()))
    expect(err).toMatchObject({ retryable: false, status })
    expect(err.message).toContain(`nope ${status}`)
  })

  it('reads only the start of a huge answer', async () => {
    rx.respond = () => ({ status: 200, body: 'x'.repeat(5_000_000) })
    const res = await send(aNotification())
    expect(res.detail).toHaveLength(200)
  })

  it('a closed port → retryable network error', async () => {
    const dead = await startReceiver()
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

describe('slack', () => {
  const settings = () => slackNotifier.settings.parse({ url: `${rx.url}/services/T0/B0/secret` })

  it('POSTs text + blocks; 200 ok', async () => {
    const res = await slackNotifier.send(aNotification(), settings(), ctx())
    expect(res).toEqual({ status: 200, detail: 'ok' })
    const r = rx.requests[0]!
    expect(r.path).toBe('/services/T0/B0/secret')
    expect(r.headers['content-type']).toBe('application/json')
    const body = JSON.parse(r.body)
    expect(Object.keys(body).sort()).toEqual(['blocks', 'text'])
    expect(body.text).toContain('[CRITICAL] backup failed: prod-sql-01/nightly')
    expect(body.blocks.map((b: { type: string }) => b.type)).toEqual(['section', 'context', 'section'])
  })

  it('429 rate limited → retryable with Retry-After', async () => {
    rx.respond = () => ({ status: 429, body: 'rate_limited', headers: { 'retry-after': '1' } })
    expect(await failure(slackNotifier.send(aNotification(), settings(), ctx()))).toMatchObject({
      retryable: true,
      retryAfterMs: 1000,
    })
  })

  it.each([
    [404, 'no_service'],
    [410, 'channel_is_archived'],
    [400, 'invalid_payload'],
  ])('%i %s → permanent', async (status, body) => {
    rx.respond = () => ({ status, body })
    const err = await failure(slackNotifier.send(aNotification(), settings(), ctx()))
    expect(err).toMatchObject({ retryable: false, status })
    expect(err.message).toContain(body)
  })
})

describe('teams', () => {
  it('POSTs the Workflows Adaptive Card envelope; 202 accepted', async () => {
    rx.respond = () => ({ status: 202 })
    const s = teamsNotifier.settings.parse({
      url: `${rx.url}/workflows/abc/triggers/manual/paths/invoke?sig=x`,
    })
    const res = await teamsNotifier.send(aNotification({ transition: 'test' }), s, ctx())
    expect(res.status).toBe(202)
    const r = rx.requests[0]!
    expect(r.path).toBe('/workflows/abc/triggers/manual/paths/invoke')
    expect(r.query.get('sig')).toBe('x')
    const body = JSON.parse(r.body)
    expect(body.type).toBe('message')
    expect(body.attachments[0].contentType).toBe('application/vnd.microsoft.card.adaptive')
    expect(body.attachments[0].content).toMatchObject({ type: 'AdaptiveCard', version: '1.4' })
    expect(body.attachments[0].content.body[0].text).toBe('[TEST] backup failed: prod-sql-01/nightly')
  })
})

describe('discord', () => {
  it('POSTs content ≤ 2000 chars; 204', async () => {
    rx.respond = () => ({ status: 204 })
    const s = discordNotifier.settings.parse({ url: `${rx.url}/api/webhooks/1/tok` })
    const res = await discordNotifier.send(aNotification({ alert: { log_tail: 'L'.repeat(5000) } }), s, ctx())
    expect(res).toEqual({ status: 204, detail: '' })
    const body = JSON.parse(rx.requests[0]!.body)
    expect(body.content.length).toBeLessThanOrEqual(2000)
    expect(body.content).toContain('[CRITICAL] backup failed: prod-sql-01/nightly')
    expect(body.allowed_mentions).toEqual({ parse: [] })
  })
})

describe('ntfy', () => {
  it('POSTs the summary to <server>/<topic> with title, priority, tags and the token', async () => {
    rx.respond = () => ({ status: 200, body: '{"id":"abc","event":"message"}' })
    const s = ntfyNotifier.settings.parse({ url: `${rx.url}/`, topic: 'backups', token: 'tk_123' })
    await ntfyNotifier.send(aNotification({ alert: { severity: 'warning' } }), s, ctx())
    const r = rx.requests[0]!
    expect(r.path).toBe('/backups')
    expect(r.headers['x-title']).toBe('[WARNING] backup failed: prod-sql-01/nightly')
    expect(r.headers['x-priority']).toBe('4')
    expect(r.headers['x-tags']).toBe('warning,backwatch,job.failed')
    expect(r.headers['x-click']).toBe('https://backwatch.example/api/v1/alerts/42')
    expect(r.headers.authorization).toBe('Bearer tk_123')
    expect(r.body).toContain('borgmatic exited with code 2')
  })

  it('resolved → priority 2', async () => {
    const s = ntfyNotifier.settings.parse({ url: rx.url, topic: 'backups' })
    await ntfyNotifier.send(aNotification({ transition: 'resolved' }), s, ctx())
    expect(rx.requests[0]!.headers['x-priority']).toBe('2')
    expect(rx.requests[0]!.headers.authorization).toBeUndefined()
  })
})

describe('telegram', () => {
  it('POSTs sendMessage to /bot<token>/ with chat_id, text and parse_mode', async () => {
    rx.respond = () => ({ status: 200, body: '{"ok":true,"result":{"message_id":1}}' })
    const s = telegramNotifier.settings.parse({
      bot_token: '123:ABC',
      chat_id: '@backups_chan',
      api_url: rx.url,
    })
    await telegramNotifier.send(aNotification(), s, ctx())
    const r = rx.requests[0]!
    expect(r.path).toBe('/bot123:ABC/sendMessage')
    const body = JSON.parse(r.body)
    expect(body).toMatchObject({ chat_id: '@backups_chan', parse_mode: 'HTML' })
    expect(body.text).toContain('<b>[CRITICAL] backup failed: prod-sql-01/nightly</b>')
  })

  it('429 with retry_after in the JSON body → retryable with that delay', async () => {
    rx.respond = () => ({
      status: 429,
      body: '{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 14","parameters":{"retry_after":14}}',
    })
    const s = telegramNotifier.settings.parse({ bot_token: '123:ABC', chat_id: 5, api_url: rx.url })
    expect(await failure(telegramNotifier.send(aNotification(), s, ctx()))).toMatchObject({
      retryable: true,
      retryAfterMs: 14_000,
    })
  })

  it('400 chat not found → permanent, and the bot token is not in the error', async () => {
    rx.respond = () => ({
      status: 400,
      body: '{"ok":false,"error_code":400,"description":"Bad Request: chat not found"}',
    })
    const s = telegramNotifier.settings.parse({ bot_token: '123:SECRETTOKEN', chat_id: 5, api_url: rx.url })
    const err = await failure(telegramNotifier.send(aNotification(), s, ctx()))
    expect(err.retryable).toBe(false)
    expect(err.message).toContain('chat not found')
    expect(err.message).not.toContain('SECRETTOKEN')
  })
})

describe('pushover', () => {
  it('POSTs a form to /1/messages.json', async () => {
    rx.respond = () => ({ status: 200, body: '{"status":1,"request":"r1"}' })
    const s = pushoverNotifier.settings.parse({
      token: 'a'.repeat(30),
      user: 'u'.repeat(30),
      api_url: rx.url,
    })
    await pushoverNotifier.send(aNotification(), s, ctx())
    const r = rx.requests[0]!
    expect(r.path).toBe('/1/messages.json')
    expect(r.headers['content-type']).toBe('application/x-www-form-urlencoded')
    const form = new URLSearchParams(r.body)
    expect(form.get('token')).toBe('a'.repeat(30))
    expect(form.get('user')).toBe('u'.repeat(30))
    expect(form.get('title')).toBe('[CRITICAL] backup failed: prod-sql-01/nightly')
    expect(form.get('priority')).toBe('1')
  })
})

describe('gotify', () => {
  it('POSTs JSON to /message with X-Gotify-Key', async () => {
    const s = gotifyNotifier.settings.parse({ url: `${rx.url}/gotify/`, token: 'AppTok' })
    await gotifyNotifier.send(aNotification(), s, ctx())
    const r = rx.requests[0]!
    expect(r.path).toBe('/gotify/message')
    expect(r.headers['x-gotify-key']).toBe('AppTok')
    expect(JSON.parse(r.body)).toMatchObject({
      title: '[CRITICAL] backup failed: prod-sql-01/nightly',
      priority: 8,
    })
  })
})

describe('pagerduty', () => {
  const settings = () =>
    pagerdutyNotifier.settings.parse({ routing_key: 'K'.repeat(32), api_url: `${rx.url}/v2/enqueue` })
  const accepted = () => ({
    status: 202,
    body: '{"status":"success","message":"Event processed","dedup_key":"backwatch-alert-42"}',
  })

  it('trigger then resolve with the same dedup_key; 202', async () => {
    rx.respond = accepted
    const res = await pagerdutyNotifier.send(aNotification(), settings(), ctx())
    expect(res.status).toBe(202)
    expect(res.detail).toContain('Event processed')
    await pagerdutyNotifier.send(aNotification({ transition: 'resolved' }), settings(), ctx())
    const [t, r] = rx.requests.map((q) => JSON.parse(q.body))
    expect(rx.requests[0]!.path).toBe('/v2/enqueue')
    expect(t).toMatchObject({
      routing_key: 'K'.repeat(32),
      event_action: 'trigger',
      dedup_key: 'backwatch-alert-42',
      payload: { source: 'prod-sql-01', severity: 'critical' },
    })
    expect(typeof t.payload.summary).toBe('string')
    expect(Date.parse(t.payload.timestamp)).not.toBeNaN()
    expect(r).toEqual({
      routing_key: 'K'.repeat(32),
      event_action: 'resolve',
      dedup_key: 'backwatch-alert-42',
    })
  })

  it('400 invalid event → not retryable; 429 and 500 → retryable', async () => {
    rx.respond = () => ({
      status: 400,
      body: '{"status":"invalid event","message":"Event object is invalid"}',
    })
    expect((await failure(pagerdutyNotifier.send(aNotification(), settings(), ctx()))).retryable).toBe(false)
    rx.respond = () => ({ status: 429, body: '' })
    expect((await failure(pagerdutyNotifier.send(aNotification(), settings(), ctx()))).retryable).toBe(true)
    rx.respond = () => ({ status: 500, body: '' })
    expect((await failure(pagerdutyNotifier.send(aNotification(), settings(), ctx()))).retryable).toBe(true)
  })
})

describe('opsgenie', () => {
  const settings = () =>
    opsgenieNotifier.settings.parse({ api_key: 'og-key', api_url: `${rx.url}/jsm/ops/integration` })

  it('creates with GenieKey and closes by alias', async () => {
    rx.respond = () => ({
      status: 202,
      body: '{"result":"Request will be processed","took":0.1,"requestId":"r"}',
    })
    await opsgenieNotifier.send(aNotification(), settings(), ctx())
    await opsgenieNotifier.send(aNotification({ transition: 'resolved' }), settings(), ctx())
    const [c, r] = rx.requests
    expect(c!.path).toBe('/jsm/ops/integration/v2/alerts')
    expect(c!.headers.authorization).toBe('GenieKey og-key')
    expect(JSON.parse(c!.body)).toMatchObject({ alias: 'backwatch-alert-42', priority: 'P1' })
    expect(r!.path).toBe('/jsm/ops/integration/v2/alerts/backwatch-alert-42/close')
    expect(r!.query.get('identifierType')).toBe('alias')
    expect(r!.headers.authorization).toBe('GenieKey og-key')
  })

  it('422 → not retryable with the message', async () => {
    rx.respond = () => ({ status: 422, body: '{"message":"Request body is not processable"}' })
    const err = await failure(opsgenieNotifier.send(aNotification(), settings(), ctx()))
    expect(err.retryable).toBe(false)
    expect(err.message).toContain('not processable')
  })
})

describe('command', () => {
  const dir = mkdtempSync(join(tmpdir(), 'backwatch-cmd-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))
  const settings = (command: string[], timeout?: string) =>
    commandNotifier.settings.parse(timeout ? { command, timeout } : { command })

  it('runs the program without a shell, alert in env, Notification JSON on stdin', async () => {
    const out = join(dir, 'out.json')
    const script = `
      let input = ''
      process.stdin.on('data', (c) => (input += c)).on('end', () => {
        const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => k.startsWith('BACKWATCH_')))
        require('node:fs').writeFileSync(process.argv[1], JSON.stringify({ stdin: JSON.parse(input), env, argv: process.argv.slice(2) }))
        console.log('paged on-call')
      })`
    const n = aNotification({ alert: { summary: 'quote " and $(touch /tmp/pwned) `x`' } })
    const res = await commandNotifier.send(
      n,
      settings([process.execPath, '-e', script, out, '$HOME', '; echo hi']),
      ctx(),
    )
    expect(res).toEqual({ status: 0, detail: 'paged on-call' })
    const got = JSON.parse(readFileSync(out, 'utf8'))
    expect(got.stdin).toEqual(n)
    expect(got.argv).toEqual(['$HOME', '; echo hi'])
    expect(got.env).toMatchObject({
      BACKWATCH_ALERT_ID: '42',
      BACKWATCH_ALERT_TYPE: 'job.failed',
      BACKWATCH_ALERT_SEVERITY: 'critical',
      BACKWATCH_ALERT_STATUS: 'active',
      BACKWATCH_ALERT_JOB: 'nightly',
      BACKWATCH_ALERT_SERVER: 'prod-sql-01',
      BACKWATCH_ALERT_SUMMARY: 'quote " and $(touch /tmp/pwned) `x`',
      BACKWATCH_TRANSITION: 'opened',
    })
  })

  it('non-zero exit → retryable with the stderr tail', async () => {
    const err = await failure(
      commandNotifier.send(
        aNotification(),
        settings([
          process.execPath,
          '-e',
          'console.error("x".repeat(500) + " smtp relay down"); process.exit(3)',
        ]),
        ctx(),
      ),
    )
    expect(err).toMatchObject({ retryable: true, status: 3 })
    expect(err.message).toContain('exited with code 3')
    expect(err.message).toContain('smtp relay down')
  })

  it('a missing program → not retryable', async () => {
    const err = await failure(
      commandNotifier.send(aNotification(), settings([join(dir, 'no-such-program')]), ctx()),
    )
    expect(err.retryable).toBe(false)
    expect(err.message).toContain('ENOENT')
  })

  it('a program that outlives its timeout is killed → retryable', async () => {
    const started = Date.now()
    const err = await failure(
      commandNotifier.send(
        aNotification(),
        settings([process.execPath, '-e', 'setTimeout(() => {}, 60000)'], '1s'),
        ctx(),
      ),
    )
    expect(err.retryable).toBe(true)
    expect(err.message).toContain('timed out')
    expect(Date.now() - started).toBeLessThan(10_000)
  })

  it('an already aborted signal stops it at once', async () => {
    const aborted = { signal: AbortSignal.abort(), fetch }
    const err = await failure(
      commandNotifier.send(
        aNotification(),
        settings([process.execPath, '-e', 'setTimeout(() => {}, 60000)']),
        aborted,
      ),
    )
    expect(err.retryable).toBe(true)
  })

  it('the dispatcher signal aborts it too', async () => {
    const err = await failure(
      commandNotifier.send(
        aNotification(),
        settings([process.execPath, '-e', 'setTimeout(() => {}, 60000)']),
        ctx(300),
      ),
    )
    expect(err.retryable).toBe(true)
    expect(err.message).toContain('timed out')
  })
})

describe('email', () => {
  const received: Array<{ from: string; to: string[]; raw: Buffer; user: string | undefined }> = []
  let rcptReply: { code: number; message: string } | null = null
  let server: SMTPServer
  let port = 0

  beforeAll(async () => {
    server = new SMTPServer({
      authOptional: true,
      secure: false,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onAuth(auth, _session, cb) {
        if (auth.username === 'bw' && auth.password === 'pw') cb(null, { user: auth.username })
        else cb(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }))
      },
      onRcptTo(_address, _session, cb) {
        if (!rcptReply) return cb()
        cb(Object.assign(new Error(rcptReply.message), { responseCode: rcptReply.code }))
      },
      onData(stream, session, cb) {
        const chunks: Buffer[] = []
        stream.on('data', (c: Buffer) => chunks.push(c))
        stream.on('end', () => {
          received.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            raw: Buffer.concat(chunks),
            user: typeof session.user === 'string' ? session.user : undefined,
          })
          cb()
        })
      },
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    port = (server.server.address() as { port: number }).port
  })
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))
  beforeEach(() => {
    received.length = 0
    rcptReply = null
  })

  const settings = (smtp: Record<string, unknown> = {}) =>
    emailNotifier.settings.parse({
      to: ['ops@example.com', 'dba@example.com'],
      from: 'Backwatch <backwatch@example.com>',
      smtp: { host: '127.0.0.1', port, ...smtp },
    })

  it('delivers a parsed message: subject, text with summary and log tail, HTML part, link', async () => {
    const res = await emailNotifier.send(aNotification(), settings({ user: 'bw', password: 'pw' }), ctx())
    expect(res.status).toBe(250)
    expect(received).toHaveLength(1)
    const m = received[0]!
    expect(m.from).toBe('backwatch@example.com')
    expect(m.to).toEqual(['ops@example.com', 'dba@example.com'])
    expect(m.user).toBe('bw')
    const mail = await simpleParser(m.raw)
    expect(mail.subject).toBe('[CRITICAL] backup failed: prod-sql-01/nightly')
    expect(mail.text).toContain('borgmatic exited with code 2')
    expect(mail.text).toContain('Error: Connection closed by remote host')
    expect(mail.html).toBeTruthy()
    expect(mail.html).toContain('<pre')
    expect(mail.html).toContain('Connection closed by remote host')
    expect(mail.html).toContain('href="https://backwatch.example/api/v1/alerts/42"')
    expect(mail.messageId).toBe('<alert-42-opened-ch-1@backwatch>')
    expect(mail.headers.get('x-backwatch-alert-id')).toBe('42')
  })

  it('pooled transport delivers too', async () => {
    const s = settings({ pool: true })
    await emailNotifier.send(aNotification(), s, ctx())
    await emailNotifier.send(aNotification({ transition: 'resolved' }), s, ctx())
    const subjects = await Promise.all(received.map(async (r) => (await simpleParser(r.raw)).subject))
    expect(subjects).toEqual([
      '[CRITICAL] backup failed: prod-sql-01/nightly',
      '[RESOLVED] backup failed: prod-sql-01/nightly',
    ])
    const { closeEmailPools } = await import('../src/notify/channels/email/notifier.js')
    closeEmailPools()
  })

  it('550 from the server → permanent; 451 → retryable', async () => {
    rcptReply = { code: 550, message: 'No such user' }
    const perm = await failure(emailNotifier.send(aNotification(), settings(), ctx()))
    expect(perm).toMatchObject({ retryable: false, status: 550 })
    expect(perm.message).toContain('No such user')
    rcptReply = { code: 451, message: 'Try again later' }
    const temp = await failure(emailNotifier.send(aNotification(), settings(), ctx()))
    expect(temp).toMatchObject({ retryable: true, status: 451 })
  })

  it('wrong password (535) → permanent', async () => {
    const err = await failure(
      emailNotifier.send(aNotification(), settings({ user: 'bw', password: 'bad' }), ctx()),
    )
    expect(err.retryable).toBe(false)
  })

  it('nothing listening → retryable', async () => {
    const dead = await startReceiver()
    const deadPort = Number(new URL(dead.url).port)
    await dead.close()
    const err = await failure(emailNotifier.send(aNotification(), settings({ port: deadPort }), ctx()))
    expect(err.retryable).toBe(true)
  })
})
