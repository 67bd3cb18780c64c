// The dashboard in Debian's chromium against a real server: signing in (a wrong password, a
// locked account), the overview and the jobs list with jobs made through the API and real pings,
// a failure ping showing on /jobs without a reload, filters kept in the query string, axe-core on
// every page and screenshots at desktop and phone width.
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addUser } from '../../src/app/users/user-admin.js'
import { startTestApp, type TestApp } from '../support/app.js'
import {
  consoleErrors,
  hasChromium,
  launchBrowser,
  screenshots,
  seriousViolations,
  signIn,
} from '../support/browser.js'

const PASSWORD = 'correct horse battery staple'

async function expectAccessible(page: Page) {
  expect(await seriousViolations(page)).toEqual([])
}

describe.skipIf(!hasChromium())('dashboard: sign-in, overview and jobs in chromium', () => {
  let t: TestApp
  let browser: Browser
  let page: Page
  let errors: string[] = []
  const uuids = new Map<string, string>()

  beforeAll(async () => {
    t = await startTestApp()
    const now = Date.now()
    for (const username of ['alice', 'locky']) {
      await addUser(
        t.app.store,
        { username, password: PASSWORD, instanceAdmin: false, role: 'operator', project: 'default' },
        now,
      )
    }
    const jobs = [
      { slug: 'db-nightly', name: 'Database', server: 'db-01', environment: 'prod', tags: ['db'] },
      { slug: 'web01-home', name: 'Home dirs', server: 'web-01', environment: 'prod', tags: ['files'] },
      { slug: 'web01-etc', name: 'Config', server: 'web-01', environment: 'staging', tags: [] },
      { slug: 'mail-spool', name: 'Mail spool', server: 'mail-01', environment: 'prod', tags: ['mail'] },
    ]
    for (const job of jobs) {
      const res = await t.api<{ uuid: string }>('POST', '/jobs', {
        ...job,
        schedule: { cron: '0 3 * * *', tz: 'Europe/Berlin' },
        policy: { max_age: '26h' },
      })
      expect(res.status).toBe(201)
      uuids.set(job.slug, res.body.uuid)
    }
    expect((await t.api('POST', '/servers', { name: 'spare-01' })).status).toBe(201)
    // two jobs report runs with their numbers, two ping as Healthchecks would
    const runs = [
      {
        job: 'db-nightly',
        status: 'succeeded',
        duration: 754,
        size_bytes: 48.2 * 2 ** 30,
        added_bytes: 1.3 * 2 ** 30,
      },
      {
        job: 'web01-home',
        status: 'succeeded',
        duration: 3 * 3600 + 310,
        size_bytes: 1.7 * 2 ** 40,
        added_bytes: 2 ** 31,
      },
    ]
    for (const run of runs) {
      const res = await t.api('POST', '/runs', {
        ...run,
        size_bytes: Math.round(run.size_bytes),
        added_bytes: Math.round(run.added_bytes),
      })
      expect(res.status).toBe(201)
    }
    for (const slug of ['web01-etc', 'mail-spool']) {
      expect((await fetch(`${t.url}/ping/${uuids.get(slug)}`, { method: 'POST', body: 'ok' })).status).toBe(
        200,
      )
    }
    browser = await launchBrowser()
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
    errors = consoleErrors(page)
  }, 60_000)

  afterAll(async () => {
    await browser?.close()
    await t?.close()
  })

  it('sends a visitor to the sign-in page and tells a wrong password apart from a locked account', async () => {
    await page.goto(`${t.url}/jobs?status=up`)
    expect(new URL(page.url()).pathname).toBe('/login')
    expect(new URL(page.url()).searchParams.get('next')).toBe('/jobs?status=up')
    await expectAccessible(page)
    await screenshots(page, 'login')

    await signIn(page, t.url, 'alice', 'not the password')
    await expect(page.locator('[role=alert]').textContent()).resolves.toContain('Wrong username or password')

    for (let i = 0; i < 5; i++) await signIn(page, t.url, 'locky', 'wrong again')
    await signIn(page, t.url, 'locky', PASSWORD)
    await expect(page.locator('[role=alert]').textContent()).resolves.toMatch(
      /Too many failed sign-ins\. Try again in \d+ s/,
    )
  }, 60_000)

  it('signs in and shows the overview: sentence, counts, matrix, coverage', async () => {
    await signIn(page, t.url, 'alice', PASSWORD)
    expect(new URL(page.url()).pathname).toBe('/')
    await expect(page.locator('.sentence').textContent()).resolves.toContain('All 4 jobs are up to date')
    await expect(page.title()).resolves.toBe('Overview · Backwatch')
    const matrix = page.locator('table.matrix')
    await expect(matrix.locator('th[scope=row]').allTextContents()).resolves.toEqual(
      expect.arrayContaining(['db-01', 'web-01', 'mail-01']),
    )
    await expect(matrix.locator('a.cell.ok').count()).resolves.toBe(4)
    await expect(page.locator('#coverage-h + p').textContent()).resolves.toContain(
      '1 server has no backup job',
    )
    await expect(page.locator('.chips').last().textContent()).resolves.toContain('spare-01')
    await expectAccessible(page)
    await screenshots(page, 'overview')
  }, 60_000)

  it('lists the jobs with their schedule, last success and filters kept in the query string', async () => {
    await page.goto(`${t.url}/jobs`)
    const rows = page.locator('table.jobs tbody tr')
    await expect(rows.count()).resolves.toBe(4)
    const first = rows.first()
    await expect(first.locator('td[data-label=Schedule]').textContent()).resolves.toContain(
      'daily at 03:00 (Europe/Berlin)',
    )
    await expect(first.locator('td[data-label="Last success"]').textContent()).resolves.toContain('just now')
    const title = await first.locator('td[data-label="Last success"] time').getAttribute('title')
    expect(title).toMatch(/\d{4}, \d\d:\d\d:\d\d (CET|CEST|GMT\+\d)/)

    await Promise.all([page.waitForURL(/env=prod/), page.selectOption('#f-env', 'prod')])
    await expect(rows.count()).resolves.toBe(3)
    await page.fill('#f-q', 'mail')
    await Promise.all([page.waitForURL(/q=mail/), page.click('.filters button[type=submit]')])
    expect(new URL(page.url()).searchParams.get('env')).toBe('prod')
    await expect(rows.count()).resolves.toBe(1)
    await expect(rows.first().textContent()).resolves.toContain('Mail spool')
    await page.goto(`${t.url}/jobs?tag=files`)
    await expect(page.locator('#f-tag').inputValue()).resolves.toBe('files')
    await expect(rows.allTextContents()).resolves.toEqual([expect.stringContaining('Home dirs')])
    await page.goto(`${t.url}/jobs?status=bogus`)
    await expect(page.locator('main').textContent()).resolves.toContain('status: must be one of')
  }, 60_000)

  it('shows a job failing through a real ping on /jobs without a reload, in place', async () => {
    await page.goto(`${t.url}/jobs`)
    const order = await page
      .locator('table.jobs tbody tr')
      .evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-id')))
    await page.evaluate('window.notReloaded = true')
    const res = await fetch(`${t.url}/ping/${uuids.get('web01-etc')}/fail`, {
      method: 'POST',
      body: 'disk full',
    })
    expect(res.status).toBe(200)
    const row = page.locator('table.jobs tbody tr', { hasText: 'Config' })
    await row.locator('.badge.bad', { hasText: 'Failed' }).waitFor({ timeout: 15_000 })
    expect(await page.evaluate('window.notReloaded')).toBe(true)
    const after = await page
      .locator('table.jobs tbody tr')
      .evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-id')))
    expect(after).toEqual(order)
    await page.waitForFunction('document.title.startsWith("(1 down)")')
    await expect(page.locator('link[rel=icon]').getAttribute('href')).resolves.toContain('favicon-down')
    await expectAccessible(page)
    await page.reload()
    // on a new load the failed job leads
    await expect(page.locator('table.jobs tbody tr').first().textContent()).resolves.toContain('Config')
    await screenshots(page, 'jobs')
    await page.goto(`${t.url}/`)
    await expect(page.locator('.sentence').textContent()).resolves.toContain('1 job down')
    await screenshots(page, 'overview-down')
    await screenshots(page, 'overview-down', true)
    await page.goto(`${t.url}/jobs`)
    await screenshots(page, 'jobs', true)
    // axe in the dark scheme too: its colours must keep their contrast
    await page.emulateMedia({ colorScheme: 'dark' })
    await expectAccessible(page)
    await page.emulateMedia({ colorScheme: 'light' })
  }, 60_000)

  it('signs out with the form (its _csrf checked) and a forged post is refused', async () => {
    const forged = await page.evaluate(async () => {
      const r = await fetch('/logout', {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: '_csrf=forged',
      })
      return r.status
    })
    expect(forged).toBe(403)
    await Promise.all([page.waitForURL(/\/login$/), page.click('.who button[type=submit]')])
    await page.goto(`${t.url}/`)
    expect(new URL(page.url()).pathname).toBe('/login')
  }, 60_000)

  it('logged no console error on any page: nothing broke the CSP, no script failed', () => {
    // the bad filter's 400, the forged logout's 403, the refused sign-ins' 401/429: failed loads
    expect(errors.filter((e) => !/status of (400|401|403|429)/.test(e))).toEqual([])
  })
})
