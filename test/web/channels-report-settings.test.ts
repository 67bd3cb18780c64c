// The Channels, Report and Settings pages in Debian's chromium against a real server: the fleet
// report with a real failed run and its CSV download; axe-core on every page (light and dark) and
// screenshots at desktop and phone width.
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

  beforeAll(async () => {
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
  })

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

  it('logged no console error on any page', () => {
    expect(errors).toEqual([])
  })
})
