// Channels managed through the API (SPEC §7), against a real server and real local receivers:
// create, read, replace, patch, delete; validation; secrets never shown; scopes.
import { afterEach, describe, expect, it } from 'vitest'
import { type ApiApp, type Json, READ_TOKEN, startApiApp } from './support/api-app.js'
import { eventually } from './support/app.js'
import { type Receiver, startReceiver } from './support/receiver.js'
import { verifyStandardWebhook } from './support/standard-webhook.js'

const SECRET = `whsec_${Buffer.from('channel-admin-api-test-secret!').toString('base64')}`

let t: ApiApp | null = null
let hook: Receiver | null = null
afterEach(async () => {
  await t?.stop()
  await hook?.close()
  t = null
  hook = null
})

const post = (json: unknown, token?: string) => t!.call('/channels', { method: 'POST', json, token })
const patch = (name: string, json: unknown) => t!.call(`/channels/${name}`, { method: 'PATCH', json })

describe('API: channels managed through the API', () => {
  it('a webhook channel created by POST receives the next alert, signed with its secret', async () => {
    hook = await startReceiver()
    t = await startApiApp()
    const created = await post({
      name: 'ops-hook',
      type: 'webhook',
      url: `${hook.url}/hook`,
      secret: SECRET,
      min_severity: 'warning',
      repeat_interval: '4h',
    })
    expect(created.status).toBe(201)
    expect(created.body).toEqual({
      name: 'ops-hook',
      type: 'webhook',
      source: 'api',
      min_severity: 'warning',
      match: {},
      send_resolved: true,
      mode: 'immediate',
      digest_interval: '1h',
      repeat_interval: '4h',
      rate_limit: null,
      settings: { url: `${hook.url}/hook`, secret: '[redacted]' },
      error: null,
      last_success_at: null,
      last_error: null,
      last_error_at: null,
      failing: false,
      pending: 0,
    })
    expect((await t.call('/channels/ops-hook', { token: READ_TOKEN })).body).toEqual(created.body)

    await t.call('/runs', { method: 'POST', json: { job: 'db1-nightly', create: true, exit_code: 2 } })
    await eventually(async () => hook!.requests.length >= 1)
    const [opened] = hook.requests
    expect(JSON.parse(opened!.body)).toMatchObject({ type: 'alert.opened', alert: { job: 'db1-nightly' } })
    expect(verifyStandardWebhook(SECRET, opened!.headers, opened!.body)).toBe(true)
  })

  it('never shows a secret in any answer', async () => {
    t = await startApiApp()
    const secrets = {
      webhook: SECRET,
      header: 'header-api-key-value-0042',
      slack: 'T000/B000/slack-path-secret-XYZ',
      smtp: 'smtp-password-value-0042',
      pagerduty: 'pdroutingkey0123456789abcdef012',
      telegram: '123456:telegram-bot-secret-AA',
      pushoverToken: 'azGDORePK8gMaC0QOYAMyEEuzJnyUi',
      pushoverUser: 'uQiRzpo4DXghDmr9QzzfQu27cmVRsG',
      gotify: 'gotify-app-token-0042',
      ntfy: 'ntfy-query-secret-0042',
    }
    const channels = [
      {
        name: 'w',
        type: 'webhook',
        url: 'https://h.example/x',
        secret: secrets.webhook,
        headers: { 'X-Api-Key': secrets.header },
      },
      { name: 's', type: 'slack', url: `https://hooks.slack.com/services/${secrets.slack}` },
      {
        name: 'e',
        type: 'email',
        to: ['ops@example.com'],
        from: 'bw@example.com',
        smtp: { host: '127.0.0.1', user: 'bw', password: secrets.smtp },
      },
      { name: 'p', type: 'pagerduty', routing_key: `${secrets.pagerduty}a` },
      { name: 't', type: 'telegram', bot_token: secrets.telegram, chat_id: 42 },
      { name: 'po', type: 'pushover', token: secrets.pushoverToken, user: secrets.pushoverUser },
      { name: 'g', type: 'gotify', url: 'https://gotify.example', token: secrets.gotify },
      { name: 'n', type: 'ntfy', url: `https://ntfy.example/?auth=${secrets.ntfy}`, topic: 'backups' },
    ]
    const texts: string[] = []
    for (const c of channels) {
      const res = await t.api('/channels', { method: 'POST', json: c })
      expect(res.status, c.name).toBe(201)
      texts.push(await res.text())
      texts.push(await (await t.api(`/channels/${c.name}`)).text())
      const patched = await t.api(`/channels/${c.name}`, { method: 'PATCH', json: { send_resolved: false } })
      expect(patched.status).toBe(200)
      texts.push(await patched.text())
    }
    texts.push(await (await t.api('/channels', { token: READ_TOKEN })).text())
    const all = texts.join('\n')
    for (const [what, secret] of Object.entries(secrets)) expect(all, what).not.toContain(secret)
    const listed = JSON.parse(texts.at(-1)!).items as Json[]
    expect(Object.fromEntries(listed.map((c) => [c.name, c.settings]))).toMatchObject({
      s: { url: 'https://hooks.slack.com/…' },
      n: { url: 'https://ntfy.example/…', topic: 'backups' },
      e: { smtp: { host: '127.0.0.1', user: 'bw', password: '[redacted]' } },
      w: { headers: { 'X-Api-Key': '[redacted]' } },
    })
  })

  it.each([
    ['bad type', { name: 'x', type: 'fax', url: 'https://h/x' }, 'type', 'must be one of'],
    [
      'bad min_severity',
      { name: 'x', type: 'webhook', url: 'https://h/x', min_severity: 'loud' },
      'min_severity',
      'must be one of',
    ],
    ['missing url', { name: 'x', type: 'webhook' }, 'url', 'webhook url is required'],
    [
      'unknown key',
      { name: 'x', type: 'webhook', url: 'https://h/x', colour: 'red' },
      'colour',
      'unknown key',
    ],
    [
      'bad duration',
      { name: 'x', type: 'webhook', url: 'https://h/x', repeat_interval: 'soon' },
      'repeat_interval',
      'invalid duration',
    ],
    ['missing name', { type: 'webhook', url: 'https://h/x' }, 'name', ''],
    [
      'unset environment variable',
      { name: 'x', type: 'webhook', url: 'https://h/x', secret_env: 'BACKWATCH_CHANNEL_TEST_UNSET' },
      'secret_env',
      'is not set',
    ],
    [
      'environment variable outside BACKWATCH_CHANNEL_*',
      { name: 'x', type: 'webhook', url: 'https://h/x', headers: { 'X-Leak_env': 'BACKWATCH_DATABASE' } },
      'headers.X-Leak_env',
      'only variables named BACKWATCH_CHANNEL_*',
    ],
    [
      'command channel',
      { name: 'x', type: 'command', command: ['/bin/sh', '-c', 'id'] },
      'type',
      'declare them in the config file',
    ],
  ])('400 invalid_channel: %s', async (_what, body, path, message) => {
    t ??= await startApiApp()
    const res = await post(body)
    expect(res.status).toBe(400)
    expect(res.body.error.code).toBe('invalid_channel')
    expect(res.body.error.message).toContain(path)
    expect(res.body.error.details).toContainEqual({ path, message: expect.stringContaining(message) })
    expect((await t.call('/channels')).body.items).toEqual([])
  })

  it('reports every problem of a body at once', async () => {
    t = await startApiApp()
    const res = await post({
      name: 'x',
      type: 'webhook',
      url: 'https://h/x',
      min_severity: 'loud',
      mode: 'sometimes',
      match: { colour: ['red'] },
    })
    expect(res.status).toBe(400)
    expect(res.body.error.details.map((d: Json) => d.path).sort()).toEqual([
      'match.colour',
      'min_severity',
      'mode',
    ])
  })

  it('409 for a name already taken; 404 for an unknown name', async () => {
    t = await startApiApp()
    const body = { name: 'dup', type: 'webhook', url: 'https://h.example/x' }
    expect((await post(body)).status).toBe(201)
    const again = await post({ ...body, url: 'https://other.example/' })
    expect(again.status).toBe(409)
    expect(again.body.error.code).toBe('conflict')
    expect((await t.call('/channels/dup')).body.settings.url).toBe('https://h.example/x')
    for (const method of ['GET', 'PUT', 'PATCH', 'DELETE']) {
      const res = await t.call('/channels/nope', { method, ...(method.startsWith('P') && { json: body }) })
      expect(res.status, method).toBe(404)
    }
  })

  it('PATCH merges top-level keys, keeps a secret left out or sent back redacted; null removes a key', async () => {
    hook = await startReceiver()
    t = await startApiApp()
    await post({ name: 'ops', type: 'webhook', url: `${hook.url}/a`, secret: SECRET, repeat_interval: '1h' })
    const changed = await patch('ops', { min_severity: 'critical', repeat_interval: null })
    expect(changed.status).toBe(200)
    expect(changed.body).toMatchObject({
      min_severity: 'critical',
      repeat_interval: null,
      settings: { url: `${hook.url}/a`, secret: '[redacted]' },
    })
    // a new destination does not inherit the stored secret: it must be sent again
    const moved = await patch('ops', { url: `${hook.url}/b` })
    expect(moved.status).toBe(400)
    expect(moved.body.error.details).toEqual([
      { path: 'secret', message: expect.stringContaining('the destination changed: send this secret again') },
    ])
    expect((await patch('ops', { url: `${hook.url}/b`, secret: SECRET })).status).toBe(200)
    // nor can the type change (its secrets are shown by its type's rules)
    const retyped = await patch('ops', { type: 'slack' })
    expect(retyped.status).toBe(400)
    expect(retyped.body.error.details).toContainEqual({
      path: 'type',
      message: expect.stringContaining('cannot change'),
    })

    // round trip: what GET shows, sent back with one change
    const shown = (await t.call('/channels/ops')).body
    expect(shown.settings.secret).toBe('[redacted]')
    expect((await patch('ops', { ...shown.settings, send_resolved: false })).status).toBe(200)

    expect((await t.call('/channels/ops/test', { method: 'POST' })).status).toBe(200)
    const [sent] = hook.requests
    expect(sent!.path).toBe('/b')
    expect(verifyStandardWebhook(SECRET, sent!.headers, sent!.body)).toBe(true)

    // the routing keys a PATCH may not break
    const bad = await patch('ops', { mode: 'never', name: 'other' })
    expect(bad.status).toBe(400)
    expect(bad.body.error.details).toEqual([
      { path: 'name', message: expect.stringContaining('cannot be renamed') },
    ])
  })

  it('PUT replaces the whole map (a secret left out is gone); the name must match', async () => {
    hook = await startReceiver()
    t = await startApiApp()
    await post({
      name: 'ops',
      type: 'webhook',
      url: `${hook.url}/a`,
      secret: SECRET,
      min_severity: 'critical',
    })
    const put = await t.call('/channels/ops', {
      method: 'PUT',
      json: { type: 'webhook', url: `${hook.url}/c` },
    })
    expect(put.status).toBe(200)
    expect(put.body).toMatchObject({ name: 'ops', min_severity: 'info', settings: { url: `${hook.url}/c` } })
    expect(put.body.settings).not.toHaveProperty('secret')
    const renamed = await t.call('/channels/ops', {
      method: 'PUT',
      json: { name: 'x', type: 'webhook', url: 'https://h/x' },
    })
    expect(renamed.status).toBe(400)
    expect(renamed.body.error.code).toBe('invalid_channel')
  })

  it('DELETE: 204, the channel is gone, and its pending deliveries fail as "not configured"', async () => {
    hook = await startReceiver(() => ({ status: 503, headers: { 'Retry-After': '1' } }))
    t = await startApiApp()
    await post({ name: 'flaky', type: 'webhook', url: `${hook.url}/x` })
    await t.call('/runs', { method: 'POST', json: { job: 'j', create: true, exit_code: 1 } })
    const [alert] = (await t.call('/alerts?status=active')).body.items
    await eventually(async () => hook!.requests.length >= 1)
    expect((await t.call('/channels')).body.items[0]).toMatchObject({ name: 'flaky', pending: 1 })

    const del = await t.api('/channels/flaky', { method: 'DELETE' })
    expect(del.status).toBe(204)
    expect((await t.call('/channels/flaky')).status).toBe(404)
    expect((await t.call('/channels')).body.items).toEqual([])
    const [delivery] = await eventually(async () => {
      const items = (await t!.call(`/alerts/${alert.id}/notifications`)).body.items
      return items[0]?.status === 'failed' ? items : null
    }, 10_000)
    expect(delivery.last_error).toContain('is not configured')
    // created again under the name: no health carried over from the deleted one
    await post({ name: 'flaky', type: 'webhook', url: `${hook.url}/y` })
    expect((await t.call('/channels/flaky')).body).toMatchObject({ failing: false, last_error: null })
  })

  it('a read token reads but cannot write (403)', async () => {
    t = await startApiApp()
    await post({ name: 'ops', type: 'webhook', url: 'https://h.example/x' })
    const body = { name: 'ops', type: 'webhook', url: 'https://h.example/y' }
    expect((await post({ ...body, name: 'other' }, READ_TOKEN)).status).toBe(403)
    for (const method of ['PUT', 'PATCH', 'DELETE']) {
      const res = await t.call('/channels/ops', { method, token: READ_TOKEN, json: body })
      expect(res.status, method).toBe(403)
    }
    expect((await t.call('/channels/ops', { token: READ_TOKEN })).body.settings.url).toBe(
      'https://h.example/x',
    )
  })

  it('a stored channel that no longer parses is listed with its error and left out of routing', async () => {
    hook = await startReceiver()
    t = await startApiApp()
    process.env.BACKWATCH_CHANNEL_TEST_SECRET = SECRET
    try {
      const created = await post({
        name: 'env-hook',
        type: 'webhook',
        url: `${hook.url}/x`,
        secret_env: 'BACKWATCH_CHANNEL_TEST_SECRET',
      })
      expect(created.status).toBe(201)
      expect(created.body.settings).toEqual({
        url: `${hook.url}/x`,
        secret_env: 'BACKWATCH_CHANNEL_TEST_SECRET',
      })
    } finally {
      delete process.env.BACKWATCH_CHANNEL_TEST_SECRET
    }
    // any change reloads the channels of this process
    await post({ name: 'other', type: 'webhook', url: `${hook.url}/y` })
    const broken = (await t.call('/channels/env-hook')).body
    expect(broken).toMatchObject({
      name: 'env-hook',
      type: 'webhook',
      error: expect.stringContaining('BACKWATCH_CHANNEL_TEST_SECRET is not set'),
    })
    expect((await t.call('/channels/env-hook/test', { method: 'POST' })).body.error.code).toBe(
      'invalid_channel',
    )

    await t.call('/runs', { method: 'POST', json: { job: 'j', create: true, exit_code: 1 } })
    await eventually(async () => hook!.requests.length >= 1)
    await new Promise((r) => setTimeout(r, 200))
    expect(hook.requests.map((r) => r.path)).toEqual(['/y'])
  })
})
