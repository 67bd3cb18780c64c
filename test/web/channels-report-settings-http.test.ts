// The Channels, Report and Settings pages over plain HTTP: what a read-only user may see and do
// (no mutation buttons, 403 on every POST), forms without the session's _csrf refused, the
// report's CSV as an attachment, and no channel secret nor token secret in any page's HTML.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addUser } from '../../src/app/users/user-admin.js'
import { startTestApp, type TestApp } from '../support/app.js'
import { type WebClient, webClient } from '../support/web-client.js'

const PASSWORD = 'correct horse battery staple'

describe('channels, report and settings pages over HTTP', () => {
  let t: TestApp
  let viewer: WebClient
  let operator: WebClient
  let admin: WebClient

  beforeAll(async () => {
    t = await startTestApp()
    for (const [username, role] of [
      ['vic', 'viewer'],
      ['otto', 'operator'],
      ['ada', 'admin'],
    ] as const) {
      await addUser(
        t.app.store,
        { username, password: PASSWORD, instanceAdmin: false, role, project: 'default' },
        Date.now(),
      )
    }
    viewer = await webClient(t.url, 'vic', PASSWORD)
    operator = await webClient(t.url, 'otto', PASSWORD)
    admin = await webClient(t.url, 'ada', PASSWORD)
    await t.api('POST', '/jobs', { slug: 'a,"quoted" job', schedule: { every: '1d' } })
  })
  afterAll(() => t?.close())

  it('serves the report CSV as an attachment, the same rows as the CLI form', async () => {
    const res = await viewer.get('/report.csv')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    expect(res.headers.get('content-disposition')).toMatch(
      /^attachment; filename="backwatch-report-default-\d{4}-\d\d-\d\d\.csv"$/,
    )
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'")
    expect(await res.text()).toBe('severity,type,server,job,summary,opened_at,silenced_until\n')
    const signedOut = await fetch(`${t.url}/report.csv`, { redirect: 'manual' })
    expect(signedOut.status).toBe(303)
    expect(signedOut.headers.get('location')).toBe('/login?next=%2Freport.csv')
  })

  it('shows the report to a read-only user', async () => {
    const res = await viewer.get('/report')
    expect(res.status).toBe(200)
    const body = await res.text()
    expect(body).toContain('<h1>Report</h1>')
    expect(body).toContain('href="/report.csv"')
    expect(body).toContain('No active problems.')
  })

  const SECRETS = {
    webhook: 'whsec_aGlkZGVuLXNpZ25pbmcta2V5LTk4NzY1NDMy',
    header: 'header-api-key-5150',
    slackPath: 'T000/B000/slackpathsecret77',
    ntfy: 'tk_ntfytokensecret42',
    smtp: 'smtp-password-secret-31',
    telegram: '123456:telegramBotSecretXYZ',
  }

  it('never puts a channel secret in the page, nor back into a refused form', async () => {
    const channels = [
      {
        name: 'hook',
        type: 'webhook',
        url: 'http://127.0.0.1:9/hook',
        secret: SECRETS.webhook,
        headers: { 'X-Api-Key': SECRETS.header },
      },
      { name: 'chat', type: 'slack', url: `https://hooks.slack.com/services/${SECRETS.slackPath}` },
      { name: 'push', type: 'ntfy', url: 'https://ntfy.example', topic: 'backups', token: SECRETS.ntfy },
      {
        name: 'mail',
        type: 'email',
        to: ['ops@example.com'],
        from: 'backwatch@example.com',
        smtp: { host: 'smtp.example.com', user: 'bw', password: SECRETS.smtp },
      },
      { name: 'tg', type: 'telegram', bot_token: SECRETS.telegram, chat_id: '-100123' },
    ]
    for (const c of channels) expect((await t.api('POST', '/channels', c)).status).toBe(201)
    const page = await (await admin.get('/channels')).text()
    for (const name of ['hook', 'chat', 'push', 'mail', 'tg'])
      expect(page).toContain(`data-channel="${name}"`)
    expect(page).toContain('smtp.host: smtp.example.com')
    expect(page).toContain('url: https://hooks.slack.com/…')
    for (const secret of Object.values(SECRETS)) expect(page).not.toContain(secret)

    const refused = await admin.post('/channels', {
      name: 'bad name!',
      type: 'telegram',
      'telegram.bot_token': SECRETS.telegram,
      'telegram.chat_id': '-100123',
    })
    expect(refused.status).toBe(400)
    const again = await refused.text()
    expect(again).toContain('The channel was not added:')
    expect(again).toContain('name: must be 1 to 100 letters')
    expect(again).toContain('value="bad name!"')
    expect(again).toContain('value="-100123"')
    expect(again).not.toContain(SECRETS.telegram)
  })

  it('adds a channel through the same use case as the API: audited, 409 for a taken name', async () => {
    const fields = {
      name: 'form-hook',
      type: 'webhook',
      'webhook.url': 'http://127.0.0.1:9/x',
      min_severity: 'critical',
    }
    const made = await admin.post('/channels', { ...fields, send_resolved: 'on' })
    expect(made.status).toBe(303)
    expect(made.headers.get('location')).toBe('/channels?created=form-hook')
    const api = await t.api<Record<string, unknown>>('GET', '/channels/form-hook')
    expect(api.body).toMatchObject({ source: 'api', min_severity: 'critical', send_resolved: true })
    const audit = await t.api<{ items: { action: string; actor: { name: string } }[] }>(
      'GET',
      '/audit?action=channel.created&target=channel:form-hook',
    )
    expect(audit.body.items.map((e) => [e.action, e.actor.name])).toEqual([['channel.created', 'ada']])
    const taken = await admin.post('/channels', fields)
    expect(taken.status).toBe(409)
    expect(await taken.text()).toContain('a channel named &quot;form-hook&quot; already exists')
    // command channels run programs on the host: the API (and so the page) cannot make them
    const command = await admin.post('/channels', { name: 'cmd', type: 'command' })
    expect(command.status).toBe(400)
    expect(await command.text()).toContain('declare them in the config file')
  })

  it('shows a read-only user no channel button and refuses its posts with 403', async () => {
    await t.api('POST', '/channels', { name: 'ro-hook', type: 'webhook', url: 'http://127.0.0.1:9/ro' })
    const page = await (await viewer.get('/channels')).text()
    expect(page).toContain('data-channel="ro-hook"')
    expect(page).not.toContain('Send test')
    expect(page).not.toContain('/delete"')
    expect(page).not.toContain('Add a channel')
    for (const path of ['/channels', '/channels/ro-hook/delete', '/channels/ro-hook/test']) {
      expect((await viewer.post(path, { name: 'x', type: 'webhook' })).status).toBe(403)
    }
    // an operator may test, not add or delete
    const ops = await (await operator.get('/channels')).text()
    expect(ops).toContain('Send test')
    expect(ops).not.toContain('/delete"')
    expect(ops).not.toContain('Add a channel')
    expect((await operator.post('/channels/ro-hook/delete')).status).toBe(403)
    expect((await operator.post('/channels', { name: 'x', type: 'webhook' })).status).toBe(403)
    expect((await t.api('GET', '/channels/ro-hook')).status).toBe(200)
  })

  it('refuses channel forms without the session _csrf', async () => {
    for (const path of ['/channels', '/channels/ro-hook/delete', '/channels/ro-hook/test']) {
      const res = await admin.post(
        path,
        { name: 'no-csrf', type: 'webhook', 'webhook.url': 'http://127.0.0.1:9/' },
        { csrf: false },
      )
      expect(res.status).toBe(403)
    }
    expect((await t.api('GET', '/channels/no-csrf')).status).toBe(404)
    expect((await t.api('GET', '/channels/ro-hook')).status).toBe(200)
  })

  it('shows a read-only user the project and its own account, no ping key, tokens or users, and 403s its token posts', async () => {
    const pingKey = (await t.app.store.getProject({ slug: 'default' }))!.pingKey
    const page = await (await viewer.get('/settings')).text()
    expect(page).toContain('<h1>Settings</h1>')
    expect(page).toContain("The project's admins manage its tokens.")
    expect(page).toContain('<td>vic</td>')
    expect(page).not.toContain(pingKey)
    expect(page).not.toContain('Create token')
    expect(page).not.toContain('data-user=')
    for (const role of [viewer, operator]) {
      expect((await role.post('/settings/tokens', { name: 'sneaky', scope: 'admin' })).status).toBe(403)
      expect((await role.post('/settings/tokens/1/revoke')).status).toBe(403)
    }
    const tokens = await t.api<{ items: { source: string }[] }>('GET', '/tokens')
    expect(tokens.body.items.filter((tk) => tk.source === 'api')).toEqual([])
    const adminPage = await (await admin.get('/settings')).text()
    expect(adminPage).toContain(pingKey)
    expect(adminPage).toContain('data-user="vic"')
  })

  it('makes a token only with the session _csrf, audited, and never shows its secret again', async () => {
    expect(
      (await admin.post('/settings/tokens', { name: 'ci', scope: 'ingest' }, { csrf: false })).status,
    ).toBe(403)
    const made = await admin.post('/settings/tokens', { name: 'ci', scope: 'ingest' })
    expect(made.status).toBe(200)
    expect(made.headers.get('cache-control')).toBe('no-store')
    const secret = /id="new-token-secret">([^<]+)</.exec(await made.text())![1]!
    const listed = await t.api<{ items: { id: number; name: string; created_by: string }[] }>(
      'GET',
      '/tokens',
    )
    const made1 = listed.body.items.filter((tk) => tk.name === 'ci')
    expect(made1).toEqual([expect.objectContaining({ created_by: 'user ada', scope: 'ingest' })])
    expect(await (await admin.get('/settings')).text()).not.toContain(secret)
    const bad = await admin.post('/settings/tokens', { name: 'x', scope: 'root' })
    expect(bad.status).toBe(400)
    expect(await bad.text()).toContain('the scope must be one of')
    const id = made1[0]!.id
    expect((await admin.post(`/settings/tokens/${id}/revoke`, {}, { csrf: false })).status).toBe(403)
    expect((await admin.post(`/settings/tokens/${id}/revoke`)).status).toBe(303)
    expect((await admin.post(`/settings/tokens/${id}/revoke`)).status).toBe(404)
    const audit = await t.api<{ items: { action: string; actor: { name: string } }[] }>(
      'GET',
      '/audit?action=token.*',
    )
    expect(audit.body.items.map((e) => [e.action, e.actor.name])).toEqual([
      ['token.deleted', 'ada'],
      ['token.created', 'ada'],
    ])
  })
})
