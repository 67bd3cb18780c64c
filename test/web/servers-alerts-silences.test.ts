// The dashboard's Servers, Alerts and Silences pages against a real server (SQLite) and a real
// webhook receiver: in Debian's chromium (a server gone offline, a failed run's alert with its
// deliveries, resolving it, creating a silence from the form and seeing it hold, expiring it; axe
// and screenshots at desktop and phone width), and over plain HTTP (a viewer sees no buttons and
// gets 403 on every form; a form without the session's _csrf is refused).
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addUser } from '../../src/app/users/user-admin.js'
import { ADMIN_TOKEN, eventually, startTestApp, type TestApp } from '../support/app.js'
import {
  consoleErrors,
  hasChromium,
  launchBrowser,
  screenshots,
  seriousViolations,
  signIn,
} from '../support/browser.js'
import { webhookChannel } from '../support/channels.js'
import { type Receiver, startReceiver } from '../support/receiver.js'

const PASSWORD = 'correct horse battery staple'
const FORM = { 'Content-Type': 'application/x-www-form-urlencoded' }

type Json = Record<string, unknown>
interface Items {
  items: Json[]
}

async function expectAccessible(page: Page) {
  expect(await seriousViolations(page)).toEqual([])
}

/** A fleet with users alice (operator) and vera (viewer), jobs on two servers, one failed run. */
async function startFleet(hook: Receiver): Promise<TestApp> {
  const t = await startTestApp({ channels: [webhookChannel(hook.url)] })
  const now = Date.now()
  for (const [username, role] of [
    ['alice', 'operator'],
    ['vera', 'viewer'],
  ] as const) {
    await addUser(
      t.app.store,
      { username, password: PASSWORD, instanceAdmin: false, role, project: 'default' },
      now,
    )
  }
  for (const job of [
    { slug: 'db-nightly', name: 'Database', server: 'db-01', environment: 'prod', tags: ['db'] },
    { slug: 'db-wal', name: 'WAL archive', server: 'db-01', environment: 'prod', tags: ['db'] },
    { slug: 'web-home', name: 'Home dirs', server: 'web-01', environment: 'prod', tags: [] },
  ]) {
    expect((await t.api('POST', '/jobs', { ...job, schedule: { every: '1d' } })).status).toBe(201)
  }
  for (const [job, exit_code] of [
    ['db-wal', 0],
    ['web-home', 0],
    ['db-nightly', 1],
  ] as const) {
    expect((await t.api('POST', '/runs', { job, exit_code, log: 'borg: repository locked' })).status).toBe(
      201,
    )
  }
  return t
}

const activeAlerts = async (t: TestApp) =>
  (await t.api<Items>('GET', '/alerts?status=active')).body.items.filter((a) => a.type === 'job.failed')

describe.skipIf(!hasChromium())('dashboard: servers, alerts and silences in chromium', () => {
  let t: TestApp
  let hook: Receiver
  let browser: Browser
  let page: Page
  let errors: string[] = []

  beforeAll(async () => {
    hook = await startReceiver()
    t = await startFleet(hook)
    // the alert of the failed run reaches the receiver
    await eventually(
      async () => hook.requests.some((r) => (r.json?.type as string) === 'alert.opened'),
      10_000,
    )
    browser = await launchBrowser()
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
    errors = consoleErrors(page)
    await signIn(page, t.url, 'alice', PASSWORD)
  }, 60_000)

  afterAll(async () => {
    await browser?.close()
    await t?.close()
    await hook?.close()
  })

  it('lists the servers worst first: offline, a job down, without jobs, the rest; searched by name', async () => {
    // nas-01 sends one heartbeat expecting the next within 1 s; spare-01 has no job
    const beat = await fetch(`${t.url}/api/v1/servers/nas-01/heartbeat`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${ADMIN_TOKEN}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ heartbeat_timeout: '1s' }),
    })
    expect(beat.status).toBe(200)
    expect((await t.api('POST', '/servers', { name: 'spare-01' })).status).toBe(201)
    await eventually(
      async () => (await t.api<Json>('GET', '/servers/nas-01')).body.status === 'offline',
      5000,
    )

    await page.goto(`${t.url}/servers`)
    const rows = page.locator('table.servers tbody tr')
    await expect(rows.locator('td[data-label=Server] .strong').allTextContents()).resolves.toEqual([
      'nas-01',
      'db-01',
      'spare-01',
      'web-01',
    ])
    const nas = rows.nth(0)
    await expect(nas.locator('td[data-label=Status]').textContent()).resolves.toBe('Offline')
    await expect(nas.locator('td[data-label="Last heartbeat"]').textContent()).resolves.toMatch(
      /just now|ago/,
    )
    await expect(nas.locator('td[data-label="Last heartbeat"] time').getAttribute('title')).resolves.toMatch(
      /\d{4}, \d\d:\d\d:\d\d UTC/,
    )
    await expect(nas.locator('td[data-label=Timeout]').textContent()).resolves.toBe('1 s')
    const db = rows.nth(1)
    await expect(db.locator('td[data-label=Status]').textContent()).resolves.toBe('No heartbeat')
    await expect(db.locator('td[data-label=Jobs]').textContent()).resolves.toBe('2 jobs1 down')
    await expect(db.locator('td[data-label=Jobs] a').getAttribute('href')).resolves.toBe('/jobs?server=db-01')
    await expect(rows.nth(2).locator('td[data-label=Jobs]').textContent()).resolves.toBe('No backup job')
    await expectAccessible(page)
    await screenshots(page, 'servers')

    await page.fill('#f-q', 'DB')
    await Promise.all([page.waitForURL(/q=DB/), page.click('.filters button[type=submit]')])
    await expect(rows.locator('td[data-label=Server] .strong').allTextContents()).resolves.toEqual(['db-01'])
    await Promise.all([page.waitForURL(/server=db-01/), rows.locator('td[data-label=Jobs] a').click()])
    await expect(page.locator('table.jobs tbody tr').count()).resolves.toBe(2)
  }, 60_000)

  it('lists the active alert with its subject linked, and its page shows the deliveries', async () => {
    await page.goto(`${t.url}/alerts`)
    const rows = page.locator('table.alerts tbody tr')
    // the failed run's, and the servers' (nas-01 offline, …)
    await expect(rows.locator('td[data-label=Alert] .sub').allTextContents()).resolves.toContain(
      'server.offline',
    )
    const row = rows.filter({ hasText: 'db-nightly' })
    await expect(row.count()).resolves.toBe(1)
    await expect(row.locator('.badge').first().textContent()).resolves.toBe('critical')
    await expect(row.locator('td[data-label=Alert]').textContent()).resolves.toContain('job.failed')
    await expect(row.locator('td[data-label=Subject] a').first().getAttribute('href')).resolves.toBe(
      '/jobs/db-nightly',
    )
    await expect(row.locator('td[data-label=Subject] a').nth(1).getAttribute('href')).resolves.toBe(
      '/jobs?server=db-01',
    )
    await expect(row.locator('button', { hasText: 'Resolve' }).count()).resolves.toBe(1)
    await expectAccessible(page)
    await screenshots(page, 'alerts')

    // the severity filter is kept in the query string
    await Promise.all([page.waitForURL(/severity=info/), page.selectOption('#f-severity', 'info')])
    await expect(rows.count()).resolves.toBe(0)
    await expect(page.locator('.empty').textContent()).resolves.toContain('No info active alerts')

    await page.goto(`${t.url}/alerts`)
    await Promise.all([page.waitForURL(/\/alerts\/\d+$/), row.locator('td[data-label=Alert] a').click()])
    const deliveries = page.locator('table.deliveries tbody tr')
    await expect(deliveries.count()).resolves.toBe(1)
    await expect(deliveries.first().locator('td[data-label=Channel]').textContent()).resolves.toBe('ops-hook')
    await expect(deliveries.first().locator('td[data-label=Status]').textContent()).resolves.toBe('sent')
    await expect(deliveries.first().locator('td[data-label=Attempts]').textContent()).resolves.toBe('1')
    await expect(deliveries.first().locator('td[data-label=Notification]').textContent()).resolves.toBe(
      'opened',
    )
    await expectAccessible(page)
    await screenshots(page, 'alert')
  }, 60_000)

  it('resolves the alert with its button: the API shows it resolved, audited as alice', async () => {
    const [alert] = await activeAlerts(t)
    await page.goto(`${t.url}/alerts`)
    const row = page.locator('table.alerts tbody tr', { hasText: 'db-nightly' })
    await Promise.all([
      page.waitForURL(/\/alerts\?project=default$/),
      row.locator('button:has-text("Resolve")').click(),
    ])
    await expect(page.locator('table.alerts tbody tr').count()).resolves.toBeGreaterThan(0)
    await expect(row.count()).resolves.toBe(0)
    expect((await t.api<Json>('GET', `/alerts/${alert!.id}`)).body.status).toBe('resolved')
    const audit = await t.api<Items>('GET', '/audit?action=alert.resolved')
    expect(audit.body.items[0]).toMatchObject({ actor: { kind: 'user', name: 'alice' } })

    await page.click('.tabs a:has-text("Resolved")')
    await page.waitForURL(/status=resolved/)
    const resolved = page.locator('table.alerts tbody tr', { hasText: 'db-nightly' })
    await expect(resolved.count()).resolves.toBe(1)
    await expect(resolved.locator('td[data-label=Resolved]').textContent()).resolves.toContain('just now')
    // the resolution is delivered too
    await eventually(
      async () => hook.requests.some((r) => (r.json?.type as string) === 'alert.resolved'),
      10_000,
    )
    await page.goto(`${t.url}/alerts/${alert!.id}`)
    await expect(page.locator('table.deliveries tbody tr').count()).resolves.toBe(2)
    await expect(page.locator('button:has-text("Resolve")').count()).resolves.toBe(0)
    await expectAccessible(page)
    await page.emulateMedia({ colorScheme: 'dark' })
    await expectAccessible(page)
    await page.emulateMedia({ colorScheme: 'light' })
    await screenshots(page, 'alert-resolved', true)
  }, 60_000)

  it('creates a silence from the form (bad input shown again), listed, and it holds the next alert back', async () => {
    await page.goto(`${t.url}/silences`)
    await expect(page.locator('.empty').textContent()).resolves.toContain('No active silences')
    // no matcher: refused with the schema's message, what was typed kept
    await page.fill('#s-duration', '2h')
    await page.fill('#s-comment', 'disk swap')
    await Promise.all([page.waitForLoadState('load'), page.click('button:has-text("Create silence")')])
    await expect(page.locator('#silence-error').textContent()).resolves.toContain('needs at least one of')
    await expect(page.locator('#s-comment').inputValue()).resolves.toBe('disk swap')
    await expectAccessible(page)

    await page.fill('#s-servers', 'db-01')
    await Promise.all([
      page.waitForURL(/\/silences\?project=default$/),
      page.click('button:has-text("Create silence")'),
    ])
    const row = page.locator('table.silences tbody tr')
    await expect(row.count()).resolves.toBe(1)
    await expect(row.locator('td[data-label=Matches]').textContent()).resolves.toBe('server: db-01')
    await expect(row.locator('td[data-label=Reason]').textContent()).resolves.toContain('disk swapby alice')
    await expect(row.locator('td[data-label=Window]').textContent()).resolves.toContain('ends in 2 h')
    const listed = (await t.api<Items>('GET', '/silences?state=active')).body.items
    expect(listed).toEqual([
      expect.objectContaining({
        match: { servers: ['db-01'] },
        author: 'alice',
        comment: 'disk swap',
        source: 'api',
      }),
    ])

    // effective: the next failure on db-01 is recorded, held back, not sent
    expect((await t.api('POST', '/runs', { job: 'db-wal', exit_code: 2 })).status).toBe(201)
    const alert = await eventually(async () => (await activeAlerts(t)).find((a) => a.job === 'db-wal'))
    expect(alert.silenced_by).toMatchObject({ id: listed[0]!.id, comment: 'disk swap' })
    const history = await eventually(async () => {
      const items = (await t.api<Items>('GET', `/alerts/${alert.id}/notifications`)).body.items
      return items.length > 0 && items
    })
    expect(history[0]).toMatchObject({ channel: 'ops-hook', status: 'suppressed' })
    expect(hook.requests.some((r) => (r.json?.alert as Json | undefined)?.job === 'db-wal')).toBe(false)
    await page.goto(`${t.url}/alerts`)
    await expect(page.locator('table.alerts a.chip').textContent()).resolves.toBe('silenced by silence 1')
    await page.goto(`${t.url}/silences`)
    await expectAccessible(page)
    await screenshots(page, 'silences')
  }, 60_000)

  it('expires the silence with its button: listed as expired, and the held-back alert is sent', async () => {
    await page.goto(`${t.url}/silences`)
    await Promise.all([
      page.waitForURL(/state=expired/),
      page.click('table.silences button:has-text("Expire")'),
    ])
    await expect(page.locator('table.silences tbody tr').count()).resolves.toBe(1)
    await expect(page.locator('table.silences td[data-label=Window]').textContent()).resolves.toContain(
      'ended just now',
    )
    await expect(page.locator('table.silences button').count()).resolves.toBe(0)
    expect((await t.api<Items>('GET', '/silences?state=active')).body.items).toEqual([])
    expect((await t.api<Items>('GET', '/silences?state=expired')).body.items).toHaveLength(1)
    await eventually(
      async () => hook.requests.some((r) => (r.json?.alert as Json | undefined)?.job === 'db-wal'),
      10_000,
    )
    await expectAccessible(page)
    await screenshots(page, 'silences-expired', true)
  }, 60_000)

  it('logged no console error on any page', () => {
    // the refused silence form's 400 is a failed load
    expect(errors.filter((e) => !/status of 400/.test(e))).toEqual([])
  })
})

describe('dashboard ops pages over HTTP: roles and CSRF', () => {
  let t: TestApp
  let hook: Receiver

  async function signInAs(username: string): Promise<{ cookie: string; csrf: string }> {
    const form = await fetch(`${t.url}/login`)
    const token = /name="_csrf" value="([^"]+)"/.exec(await form.text())![1]!
    const loginCookie = form.headers.getSetCookie()[0]!.split(';')[0]!
    const res = await fetch(`${t.url}/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { ...FORM, cookie: loginCookie },
      body: new URLSearchParams({ _csrf: token, username, password: PASSWORD }),
    })
    const cookie = res.headers
      .getSetCookie()
      .find((c) => c.startsWith('backwatch_session='))!
      .split(';')[0]!
    const page = await (await fetch(`${t.url}/`, { headers: { cookie } })).text()
    return { cookie, csrf: /name="_csrf" value="([^"]+)"/.exec(page)![1]! }
  }

  const get = async (path: string, cookie: string) => {
    const res = await fetch(`${t.url}${path}`, { redirect: 'manual', headers: { cookie } })
    return { status: res.status, html: await res.text() }
  }
  const post = (path: string, cookie: string, fields: Record<string, string>) =>
    fetch(`${t.url}${path}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { ...FORM, cookie },
      body: new URLSearchParams(fields),
    })

  beforeAll(async () => {
    hook = await startReceiver()
    t = await startFleet(hook)
  }, 60_000)
  afterAll(async () => {
    await t?.close()
    await hook?.close()
  })

  it('shows a viewer no Resolve button and refuses its resolve with 403; the alert stays active', async () => {
    const vera = await signInAs('vera')
    const [alert] = await activeAlerts(t)
    for (const path of ['/alerts', `/alerts/${alert!.id}`]) {
      const page = await get(path, vera.cookie)
      expect(page.status).toBe(200)
      expect(page.html).toContain('db-nightly')
      expect(page.html).not.toContain('/resolve')
    }
    const res = await post(`/alerts/${alert!.id}/resolve`, vera.cookie, { _csrf: vera.csrf })
    expect(res.status).toBe(403)
    expect(await res.text()).toContain('this needs the operator role')
    expect((await t.api<Json>('GET', `/alerts/${alert!.id}`)).body.status).toBe('active')
  })

  it('refuses an operator form without the session _csrf; resolving twice says it is resolved (409)', async () => {
    const alice = await signInAs('alice')
    const [alert] = await activeAlerts(t)
    expect((await post(`/alerts/${alert!.id}/resolve`, alice.cookie, {})).status).toBe(403)
    expect((await post(`/alerts/${alert!.id}/resolve`, alice.cookie, { _csrf: 'forged' })).status).toBe(403)
    expect((await t.api<Json>('GET', `/alerts/${alert!.id}`)).body.status).toBe('active')
    const done = await post(`/alerts/${alert!.id}/resolve`, alice.cookie, {
      _csrf: alice.csrf,
      next: '//evil.example/',
    })
    expect(done.status).toBe(303)
    expect(done.headers.get('location')).toBe('/')
    const again = await post(`/alerts/${alert!.id}/resolve`, alice.cookie, { _csrf: alice.csrf })
    expect(again.status).toBe(409)
    expect(await again.text()).toContain(`alert ${alert!.id} is already resolved`)
    expect((await get('/alerts/999999', alice.cookie)).status).toBe(404)
    expect((await get('/alerts?severity=loud', alice.cookie)).status).toBe(400)
  })
  it('shows a viewer no silence form or Expire button and refuses both posts with 403', async () => {
    const made = await t.api<Json>('POST', '/silences', { match: { jobs: ['db-nightly'] }, duration: '1h' })
    expect(made.status).toBe(201)
    const vera = await signInAs('vera')
    const page = await get('/silences', vera.cookie)
    expect(page.status).toBe(200)
    expect(page.html).toContain('job: db-nightly')
    expect(page.html).not.toContain('action="/silences"')
    expect(page.html).not.toContain('/expire')
    const create = await post('/silences', vera.cookie, {
      _csrf: vera.csrf,
      servers: 'db-01',
      duration: '1h',
    })
    expect(create.status).toBe(403)
    expect((await post(`/silences/${made.body.id}/expire`, vera.cookie, { _csrf: vera.csrf })).status).toBe(
      403,
    )
    const active = (await t.api<Items>('GET', '/silences?state=active')).body.items
    expect(active.map((s) => s.id)).toEqual([made.body.id])
  })

  it('refuses silence forms without the session _csrf; bad input is a 400 page with the message', async () => {
    const alice = await signInAs('alice')
    expect((await post('/silences', alice.cookie, { servers: 'db-01', duration: '1h' })).status).toBe(403)
    const [silence] = (await t.api<Items>('GET', '/silences?state=active')).body.items
    expect((await post(`/silences/${silence!.id}/expire`, alice.cookie, {})).status).toBe(403)
    const late = await post('/silences', alice.cookie, {
      _csrf: alice.csrf,
      servers: 'db-01',
      until: '2001-01-01T00:00:00Z',
    })
    expect(late.status).toBe(400)
    expect(await late.text()).toContain('ends_at: must be in the future')
    const both = await post('/silences', alice.cookie, {
      _csrf: alice.csrf,
      servers: 'db-01',
      duration: 'soon',
    })
    expect(both.status).toBe(400)
    expect((await post('/silences/999999/expire', alice.cookie, { _csrf: alice.csrf })).status).toBe(404)
    expect((await get('/silences?state=later', alice.cookie)).status).toBe(400)
    expect((await t.api<Items>('GET', '/silences?state=active')).body.items).toHaveLength(1)
  })
})
