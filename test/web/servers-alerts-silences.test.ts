// The dashboard's Servers, Alerts and Silences pages against a real server (SQLite) and a real
// webhook receiver: in Debian's chromium (a server gone offline, a failed run's alert with its
// deliveries, resolving it, creating a silence from the form and seeing it hold, expiring it; axe
// and screenshots at desktop and phone width), and over plain HTTP (a viewer sees no buttons and
// gets 403 on every form; a form without the session's _csrf is refused).
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addUser } from '../../src/app/users/user-admin.js'
import { eventually, startTestApp, type TestApp } from '../support/app.js'
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

  it('lists the active alert with its subject linked, and its page shows the deliveries', async () => {
    await page.goto(`${t.url}/alerts`)
    const rows = page.locator('table.alerts tbody tr')
    await expect(rows.count()).resolves.toBe(1)
    const row = rows.first()
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
    await Promise.all([page.waitForURL(/severity=warning/), page.selectOption('#f-severity', 'warning')])
    await expect(rows.count()).resolves.toBe(0)
    await expect(page.locator('.empty').textContent()).resolves.toContain('No warning active alerts')

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
    await Promise.all([page.waitForURL(/\/alerts$/), page.click('table.alerts button:has-text("Resolve")')])
    await expect(page.locator('table.alerts tbody tr').count()).resolves.toBe(0)
    expect((await t.api<Json>('GET', `/alerts/${alert!.id}`)).body.status).toBe('resolved')
    const audit = await t.api<Items>('GET', '/audit?action=alert.resolved')
    expect(audit.body.items[0]).toMatchObject({ actor: { kind: 'user', name: 'alice' } })

    await page.click('.tabs a:has-text("Resolved")')
    await page.waitForURL(/status=resolved/)
    await expect(page.locator('table.alerts tbody tr').count()).resolves.toBe(1)
    await expect(page.locator('table.alerts td[data-label=Resolved]').textContent()).resolves.toContain(
      'just now',
    )
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

  it('logged no console error on any page', () => {
    expect(errors).toEqual([])
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
})
