// The Channels, Report and Settings pages in Debian's chromium against a real server: a webhook
// channel made from the form to a real receiver on 127.0.0.1, its test message received, a bad
// one refused with the message; the fleet report with a real failed run and its CSV download;
// a token made on the settings page working against the API until revoked there;
// axe-core on every page (light and dark) and screenshots at desktop and phone width.
import { readFileSync } from 'node:fs'
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
import { type Receiver, startReceiver } from '../support/receiver.js'

const PASSWORD = 'correct horse battery staple'

async function expectAccessible(page: Page) {
  expect(await seriousViolations(page)).toEqual([])
  await page.emulateMedia({ colorScheme: 'dark' })
  expect(await seriousViolations(page)).toEqual([])
  await page.emulateMedia({ colorScheme: 'light' })
}

describe.skipIf(!hasChromium())('dashboard: channels, report and settings in chromium', () => {
  let t: TestApp
  let browser: Browser
  let page: Page
  let errors: string[] = []
  let receiver: Receiver

  beforeAll(async () => {
    receiver = await startReceiver()
    t = await startTestApp()
    await addUser(
      t.app.store,
      { username: 'ada', password: PASSWORD, instanceAdmin: false, role: 'admin', project: 'default' },
      Date.now(),
    )
    for (const slug of ['db-nightly', 'web-files']) {
      const server = slug === 'db-nightly' ? 'db-01' : 'web-01'
      expect((await t.api('POST', '/jobs', { slug, server, schedule: { every: '1d' } })).status).toBe(201)
    }
    expect((await t.api('POST', '/runs', { job: 'web-files', status: 'succeeded' })).status).toBe(201)
    const failed = { job: 'db-nightly', status: 'failed', exit_code: 2, log: 'pg_dump: "db", <failed>' }
    expect((await t.api('POST', '/runs', failed)).status).toBe(201)
    await eventually(async () => {
      const r = await t.api<{ problems: unknown[] }>('GET', '/report')
      return r.body.problems.length > 0
    })
    browser = await launchBrowser()
    page = await browser.newPage({ viewport: { width: 1280, height: 800 }, acceptDownloads: true })
    errors = consoleErrors(page)
    await signIn(page, t.url, 'ada', PASSWORD)
  }, 60_000)

  afterAll(async () => {
    await browser?.close()
    await t?.close()
    await receiver?.close()
  })

  it('adds a webhook channel from the form, sends it a test and deletes it', async () => {
    await page.goto(`${t.url}/channels`)
    await expect(page.locator('main .empty').textContent()).resolves.toContain('No channels yet')
    // only the chosen kind's fields show
    await expect(page.locator('fieldset[data-kind=webhook]').isVisible()).resolves.toBe(true)
    await expect(page.locator('fieldset[data-kind=email]').isVisible()).resolves.toBe(false)
    await page.selectOption('#ch-type', 'email')
    await expect(page.locator('fieldset[data-kind=email]').isVisible()).resolves.toBe(true)
    await expect(page.locator('fieldset[data-kind=webhook]').isVisible()).resolves.toBe(false)

    // a bad value: the form again with the message, what was typed kept (never the secret)
    await page.selectOption('#ch-type', 'webhook')
    await page.fill('#ch-name', 'ops-hook')
    await page.fill('#ch-webhook-url', 'ftp://files.example/hook')
    await page.fill('#ch-webhook-secret', 'whsec_c2VjcmV0LXNpZ25pbmcta2V5LTAxMjM0NTY3')
    await Promise.all([page.waitForLoadState('load'), page.click('text=Add channel')])
    await expect(page.locator('#add-problem').textContent()).resolves.toContain(
      'url: webhook url must be an http:// or https:// URL',
    )
    await expect(page.locator('#ch-name').inputValue()).resolves.toBe('ops-hook')
    await expect(page.locator('#ch-webhook-secret').inputValue()).resolves.toBe('')
    expect(await page.content()).not.toContain('c2VjcmV0LXNpZ25pbmcta2V5')
    await expectAccessible(page)

    await page.fill('#ch-webhook-url', `${receiver.url}/hook`)
    await page.fill('#ch-webhook-secret', 'whsec_c2VjcmV0LXNpZ25pbmcta2V5LTAxMjM0NTY3')
    await page.selectOption('#ch-severity', 'warning')
    await Promise.all([page.waitForURL(/created=ops-hook/), page.click('text=Add channel')])
    await expect(page.locator('#notice').textContent()).resolves.toContain('Channel ops-hook added.')
    const row = page.locator('tr[data-channel=ops-hook]')
    await expect(row.textContent()).resolves.toContain(`url: ${receiver.url}/hook`)
    await expect(row.textContent()).resolves.toContain('secret: set (hidden)')
    await expect(row.textContent()).resolves.toContain('warning and above')
    expect(await page.content()).not.toContain('c2VjcmV0LXNpZ25pbmcta2V5')
    const listed = await t.api<{ items: { name: string; type: string; settings: { url: string } }[] }>(
      'GET',
      '/channels',
    )
    expect(listed.body.items).toEqual([
      expect.objectContaining({
        name: 'ops-hook',
        type: 'webhook',
        settings: expect.objectContaining({ url: `${receiver.url}/hook` }),
      }),
    ])

    await Promise.all([
      page.waitForLoadState('load'),
      row.locator('button', { hasText: 'Send test' }).click(),
    ])
    await expect(page.locator('#notice').textContent()).resolves.toContain(
      'Test message sent to ops-hook: accepted (HTTP 200).',
    )
    expect(receiver.requests).toHaveLength(1)
    expect(receiver.requests[0]!.path).toBe('/hook')
    expect(receiver.requests[0]!.headers['webhook-signature']).toMatch(/^v1,/)
    expect(JSON.stringify(receiver.requests[0]!.json)).toContain(
      'Test message from Backwatch to channel ops-hook',
    )
    await expect(page.locator('tr[data-channel=ops-hook] .badge').textContent()).resolves.toBe('Delivering')
    await expectAccessible(page)
    await screenshots(page, 'channels')
    await screenshots(page, 'channels', true)

    // the receiver refuses: the page says so, the channel shows the failure
    receiver.respond = () => ({ status: 500, body: 'receiver broke' })
    await Promise.all([
      page.waitForLoadState('load'),
      page.locator('tr[data-channel=ops-hook] button', { hasText: 'Send test' }).click(),
    ])
    await expect(page.locator('#notice').textContent()).resolves.toContain('Test of ops-hook failed')
    await expect(page.locator('tr[data-channel=ops-hook] .badge').textContent()).resolves.toBe('Failing')

    page.once('dialog', (d) => d.accept())
    await Promise.all([
      page.waitForURL(/\/channels\?project=default$/),
      page.locator('tr[data-channel=ops-hook] button', { hasText: 'Delete' }).click(),
    ])
    await expect(page.locator('tr[data-channel=ops-hook]').count()).resolves.toBe(0)
    expect(
      (await t.api<{ items: { name: string }[] }>('GET', '/channels')).body.items.map((c) => c.name),
    ).toEqual([])
  }, 90_000)

  it('shows the fleet report as tables and downloads its CSV', async () => {
    await page.goto(`${t.url}/report`)
    await expect(page.title()).resolves.toBe('(1 down) Report · Backwatch')
    const totals = page.locator('table.report-totals')
    await expect(totals.getByRole('row', { name: /^Jobs / }).textContent()).resolves.toContain(
      '2 total: 1 up, 0 late, 1 down',
    )
    await expect(totals.getByRole('row', { name: /^Success, 24 h/ }).textContent()).resolves.toContain(
      '50.0%',
    )
    const rows = page.locator('table.report-problems tbody tr')
    await expect(rows.count()).resolves.toBe(1)
    await expect(rows.first().textContent()).resolves.toMatch(/critical\s*db-01\/db-nightly\s*job\.failed/)
    await expectAccessible(page)
    await screenshots(page, 'report')

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('text=Download CSV')])
    expect(download.suggestedFilename()).toMatch(/^backwatch-report-default-\d{4}-\d\d-\d\d\.csv$/)
    const csv = readFileSync((await download.path())!, 'utf8').split('\n')
    expect(csv[0]).toBe('severity,type,server,job,summary,opened_at,silenced_until')
    expect(csv[1]).toMatch(/^critical,job\.failed,db-01,db-nightly,/)
    expect(csv).toHaveLength(3) // header, one problem, the final line end
  }, 60_000)

  it('shows the settings and makes a token that works against the API until it is revoked', async () => {
    await page.goto(`${t.url}/settings`)
    const pingKey = (await t.app.store.getProject({ slug: 'default' }))!.pingKey
    await expect(page.locator('#ping-key').textContent()).resolves.toBe(pingKey)
    await expect(page.locator('#totp-status').textContent()).resolves.toContain('Off')
    await expect(page.locator('tr[data-user=ada]').textContent()).resolves.toContain('admin')

    await page.fill('#tk-name', 'grafana')
    await page.selectOption('#tk-scope', 'read')
    await Promise.all([page.waitForLoadState('load'), page.click('text=Create token')])
    const secret = (await page.locator('#new-token-secret').textContent())!.trim()
    expect(secret.length).toBeGreaterThan(20)
    const asToken = () => fetch(`${t.url}/api/v1/report`, { headers: { Authorization: `Bearer ${secret}` } })
    expect((await asToken()).status).toBe(200)
    await expect(page.locator('tr[data-token=grafana]').textContent()).resolves.toContain('read')
    await expectAccessible(page)
    await screenshots(page, 'settings')
    await screenshots(page, 'settings', true)

    // shown once: the next load of the page does not carry it
    await page.goto(`${t.url}/settings`)
    expect(await page.content()).not.toContain(secret)
    // a taken name: the form again with the message
    await page.fill('#tk-name', 'grafana')
    await Promise.all([page.waitForLoadState('load'), page.click('text=Create token')])
    await expect(page.locator('#token-problem').textContent()).resolves.toContain('already exists')

    page.once('dialog', (d) => d.accept())
    await Promise.all([
      page.waitForURL(/\/settings\?project=default$/),
      page.locator('tr[data-token=grafana] button', { hasText: 'Revoke' }).click(),
    ])
    await expect(page.locator('tr[data-token=grafana]').count()).resolves.toBe(0)
    expect((await asToken()).status).toBe(401)
  }, 90_000)

  it('logged no console error on any page', () => {
    // the refused channel's 400 and the failed test's page are answers, not script failures
    expect(errors.filter((e) => !/status of (400|409)/.test(e))).toEqual([])
  })
})
