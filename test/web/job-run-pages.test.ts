// The job page and the run page in Debian's chromium against a real server: a job with real runs
// (reported through the API with their numbers, a failed one with a log holding markup), its
// 30-day strip, its charts, its paged run history, a run's page with the log shown as text; the
// ping URL for an operator and not for a viewer; pausing, resuming, silencing and editing the
// schedule from the page (a bad value shown in the form); axe-core and screenshots at both widths.
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
const DAY = 86_400_000
const GiB = 2 ** 30
/** a log a page must show as text: markup, an entity, and more lines than are shown open */
const LOG = [
  'borgmatic: creating archive',
  '<script>window.__injected = true</script>',
  'Tom &amp; Jerry <b>bold?</b>',
  ...Array.from({ length: 300 }, (_, i) => `line ${i + 1} of the repository check`),
  'Error: Repository /mnt/backup is locked',
].join('\n')

async function expectAccessible(page: Page) {
  expect(await seriousViolations(page)).toEqual([])
}

describe.skipIf(!hasChromium())('dashboard: the job page and the run page in chromium', () => {
  let t: TestApp
  let browser: Browser
  let page: Page
  let errors: string[] = []
  let uuid = ''
  let failedRunId = 0

  beforeAll(async () => {
    t = await startTestApp()
    const now = Date.now()
    for (const [username, role] of [
      ['olga', 'operator'],
      ['vera', 'viewer'],
      ['ada', 'admin'],
    ] as const) {
      await addUser(
        t.app.store,
        { username, password: PASSWORD, instanceAdmin: false, role, project: 'default' },
        now,
      )
    }
    const job = await t.api<{ uuid: string }>('POST', '/jobs', {
      slug: 'db-nightly',
      name: 'Database nightly',
      server: 'db-01',
      environment: 'prod',
      tags: ['db'],
      schedule: { every: '2d' },
      grace: '1h',
    })
    expect(job.status).toBe(201)
    uuid = job.body.uuid
    // two runs a day (UTC, the job's zone) on each of the last 15 days before today: 30 runs,
    // growing; one failed with a log, one with a warning
    const today = now - (now % DAY)
    for (let d = 15; d >= 1; d--) {
      for (const h of [2, 14]) {
        const finished = today - d * DAY + h * 3_600_000
        const failed = d === 3 && h === 14
        const warning = d === 6 && h === 2
        const res = await t.api<{ id: number }>('POST', '/runs', {
          job: 'db-nightly',
          status: failed ? 'failed' : warning ? 'warning' : 'succeeded',
          started_at: new Date(finished - 600_000).toISOString(),
          finished_at: new Date(finished).toISOString(),
          duration: 600 + d * 10,
          ...(failed
            ? { error: 'Repository /mnt/backup is locked <by pid 42>', log: LOG, exit_code: 2 }
            : { size_bytes: Math.round((60 - d) * GiB), added_bytes: Math.round((1 + (d % 4)) * 0.1 * GiB) }),
        })
        expect(res.status).toBe(201)
        if (failed) failedRunId = res.body.id
      }
    }
    browser = await launchBrowser()
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
    errors = consoleErrors(page)
  }, 60_000)

  afterAll(async () => {
    await browser?.close()
    await t?.close()
  })

  it('is reached from the overview and the jobs list and shows the state, settings, strip and charts', async () => {
    await signIn(page, t.url, 'olga', PASSWORD)
    await page.goto(`${t.url}/`)
    await Promise.all([
      page.waitForURL(/\/jobs\/db-nightly$/),
      page.click('table.matrix a[href="/jobs/db-nightly"]'),
    ])
    await page.goto(`${t.url}/jobs`)
    await Promise.all([page.waitForURL(/\/jobs\/db-nightly$/), page.click('a[href="/jobs/db-nightly"]')])
    await expect(page.locator('h1').textContent()).resolves.toBe('Database nightly')
    await expect(page.title()).resolves.toBe('Database nightly · Backwatch')
    const facts = (await page.locator('.facts').textContent()) ?? ''
    expect(facts).toContain('every 2 days')
    expect(facts).toContain('grace 1 h')
    expect(facts).toContain('db-01')
    // the strip: 30 days, told apart by class and by words
    const days = page.locator('ol.strip > li')
    await expect(days.count()).resolves.toBe(30)
    await expect(page.locator('ol.strip > li.failed').count()).resolves.toBe(1)
    await expect(page.locator('ol.strip > li.warning').count()).resolves.toBe(1)
    await expect(page.locator('ol.strip > li.ok').count()).resolves.toBe(13)
    await expect(page.locator('ol.strip > li.none').count()).resolves.toBe(14)
    // the history arrived today, each report with an older run: the job was overdue meanwhile
    await expect(days.last().getAttribute('class')).resolves.toBe('day missed')
    await expect(days.last().getAttribute('title')).resolves.toMatch(/: missed \(\d+ missed-run alerts?\)$/)
    const failedDay = page.locator('ol.strip > li.failed')
    await expect(failedDay.getAttribute('title')).resolves.toMatch(/: failed \(1 failed, 1 ok\)$/)
    await expect(failedDay.locator('.sr-only').textContent()).resolves.toMatch(/failed \(1 failed, 1 ok\)/)
    await expect(page.locator('ul.legend li').allTextContents()).resolves.toEqual([
      expect.stringContaining('failed'),
      expect.stringContaining('missed'),
      expect.stringContaining('warning'),
      expect.stringContaining('ok'),
      expect.stringContaining('no run'),
    ])
    // charts: an image each, named by its summary, one bar per run with the number
    const charts = page.locator('.charts svg[role=img]')
    await expect(charts.count()).resolves.toBe(3)
    const size = page.locator('#chart-size svg')
    await expect(size.getAttribute('aria-label')).resolves.toMatch(
      /^Size of the last 29 runs: latest 59 GiB, highest 59 GiB, lowest 45 GiB$/,
    )
    await expect(size.locator('rect.bar').count()).resolves.toBe(29)
    await expect(page.locator('#chart-size .chart-y').textContent()).resolves.toContain('59 GiB')
    await expect(page.locator('#chart-duration rect.bar.bad').count()).resolves.toBe(1)
    // an operator sees the ping URL with its copy button
    await expect(page.locator('#ping-url').inputValue()).resolves.toBe(`${t.url}/ping/${uuid}`)
    await expect(page.locator('button[data-copy]').getAttribute('data-copy')).resolves.toBe(
      `${t.url}/ping/${uuid}`,
    )
    // and the button copies it (app.js's data-copy)
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: t.url })
    await page.click('button[data-copy]')
    await page.locator('button[data-copy]', { hasText: 'Copied' }).waitFor({ timeout: 5000 })
    expect(await page.evaluate('navigator.clipboard.readText()')).toBe(`${t.url}/ping/${uuid}`)
    await page.locator('button[data-copy]', { hasText: 'Copy' }).waitFor({ timeout: 5000 })
    await expectAccessible(page)
    await screenshots(page, 'job')
    await screenshots(page, 'job', true)
    await page.emulateMedia({ colorScheme: 'dark' })
    await expectAccessible(page)
    await page.emulateMedia({ colorScheme: 'light' })
  }, 60_000)

  it('pages the run history, 25 a page, the cursor in the query string', async () => {
    await page.goto(`${t.url}/jobs/db-nightly`)
    const rows = page.locator('table.runs tbody tr')
    await expect(rows.count()).resolves.toBe(25)
    await Promise.all([page.waitForURL(/cursor=/), page.click('a:has-text("Older 25")')])
    await expect(rows.count()).resolves.toBe(5)
    await expect(page.locator('a:has-text("Older 25")').count()).resolves.toBe(0)
    await Promise.all([
      page.waitForURL(/\/jobs\/db-nightly#runs-h$/),
      page.click('a:has-text("Newest runs")'),
    ])
    await expect(rows.count()).resolves.toBe(25)
    await page.goto(`${t.url}/jobs/db-nightly?cursor=bogus`)
    await expect(page.locator('main').textContent()).resolves.toContain('cursor: not a page of this list')
    await page.goto(`${t.url}/jobs/no-such-job`)
    await expect(page.locator('main h1').textContent()).resolves.toBe('Not found')
  }, 60_000)

  it("shows a failed run's page with its error and its log as text, the long log collapsed", async () => {
    await page.goto(`${t.url}/jobs/db-nightly`)
    const failedRow = page.locator('table.runs tbody tr', { hasText: 'Failed' })
    await expect(failedRow.locator('.run-error').textContent()).resolves.toBe(
      'Repository /mnt/backup is locked <by pid 42>',
    )
    await Promise.all([
      page.waitForURL(new RegExp(`/runs/${failedRunId}$`)),
      failedRow.locator('a').first().click(),
    ])
    await expect(page.locator('h1').textContent()).resolves.toBe(`Run #${failedRunId}`)
    await expect(page.locator('.badge.bad').first().textContent()).resolves.toBe('Failed')
    await expect(page.locator('.run-error-line').textContent()).resolves.toContain(
      'Repository /mnt/backup is locked <by pid 42>',
    )
    const facts = (await page.locator('.facts').textContent()) ?? ''
    expect(facts).toContain('Exit code2')
    expect(facts).toContain('10 min')
    // the last 200 lines open, the whole log behind a closed <details>
    const tail = page.locator('details.log-tail')
    await expect(tail.getAttribute('open')).resolves.toBe('')
    await expect(tail.locator('summary').textContent()).resolves.toBe('Last 200 of 304 lines')
    const shown = (await tail.locator('pre').textContent()) ?? ''
    expect(shown.split('\n')).toHaveLength(200)
    expect(shown.endsWith('Error: Repository /mnt/backup is locked')).toBe(true)
    const full = page.locator('details.log-full')
    await expect(full.getAttribute('open')).resolves.toBeNull()
    await full.locator('summary').click()
    const text = (await full.locator('pre').textContent()) ?? ''
    // the markup and the entity as written: never read as HTML
    expect(text).toContain('<script>window.__injected = true</script>')
    expect(text).toContain('Tom &amp; Jerry <b>bold?</b>')
    await expect(page.locator('pre.log script, pre.log b').count()).resolves.toBe(0)
    expect(await page.evaluate('window.__injected')).toBeUndefined()
    await expectAccessible(page)
    await screenshots(page, 'run')
    await screenshots(page, 'run', true)
    await page.goto(`${t.url}/runs/999999`)
    await expect(page.locator('main h1').textContent()).resolves.toBe('Not found')
  }, 60_000)

  it('shows a viewer the job without its ping URL', async () => {
    const viewer = await browser.newPage({ viewport: { width: 1280, height: 800 } })
    await signIn(viewer, t.url, 'vera', PASSWORD)
    await viewer.goto(`${t.url}/jobs/db-nightly`)
    await expect(viewer.locator('h1').textContent()).resolves.toBe('Database nightly')
    await expect(viewer.locator('#ping-url').count()).resolves.toBe(0)
    expect(await viewer.content()).not.toContain(uuid)
    await viewer.close()
  }, 60_000)

  it('pauses and resumes the job from its page, through the audited use case', async () => {
    await page.goto(`${t.url}/jobs/db-nightly`)
    // an operator: pause and silence, not the schedule (PATCH needs admin)
    await expect(page.locator('#every').count()).resolves.toBe(0)
    await Promise.all([page.waitForURL(/done=paused/), page.click('button:has-text("Pause")')])
    await expect(page.locator('.job-head .badge').first().textContent()).resolves.toBe('Paused')
    await expect(page.locator('.alert.ok').textContent()).resolves.toContain('The job is paused')
    const job = await t.api<{ paused: boolean; status: string }>('GET', '/jobs/db-nightly')
    expect(job.body).toMatchObject({ paused: true, status: 'paused' })
    const audit = await t.api<{ items: { action: string; actor: { name: string } }[] }>(
      'GET',
      '/audit?action=job.paused',
    )
    expect(audit.body.items[0]).toMatchObject({ action: 'job.paused', actor: { name: 'olga' } })
    await Promise.all([page.waitForURL(/done=resumed/), page.click('button:has-text("Resume")')])
    await expect(page.locator('.job-head .badge').first().textContent()).resolves.toBe('Up')
    expect((await t.api<{ paused: boolean }>('GET', '/jobs/db-nightly')).body.paused).toBe(false)
  }, 60_000)

  it('silences the job from its page: the silence the API lists', async () => {
    await page.goto(`${t.url}/jobs/db-nightly`)
    await page.selectOption('#silence-duration', '1d')
    await page.fill('#silence-reason', 'Disk swap on db-01 <tonight>')
    const before = Date.now()
    await Promise.all([page.waitForURL(/done=silenced/), page.click('button:has-text("Silence")')])
    await expect(page.locator('.alert.ok').textContent()).resolves.toContain('Silenced')
    const list = await t.api<{ items: Record<string, unknown>[] }>('GET', '/silences?state=active')
    expect(list.body.items).toHaveLength(1)
    const silence = list.body.items[0]!
    expect(silence).toMatchObject({
      match: { jobs: ['db-nightly'] },
      author: 'olga',
      comment: 'Disk swap on db-01 <tonight>',
      state: 'active',
    })
    // the page says so, until when, who and why
    await expect(page.locator('.alert.silenced').textContent()).resolves.toMatch(
      /Notifications are silenced until .+ — olga: Disk swap on db-01 <tonight>\./,
    )
    const ends = Date.parse(String(silence.ends_at))
    expect(ends - before).toBeGreaterThan(DAY - 60_000)
    expect(ends - before).toBeLessThan(DAY + 60_000)
  }, 60_000)

  it('edits the schedule as an admin: a bad value shows the form again with the error', async () => {
    const admin = await browser.newPage({ viewport: { width: 1280, height: 800 } })
    const adminErrors = consoleErrors(admin)
    await signIn(admin, t.url, 'ada', PASSWORD)
    await admin.goto(`${t.url}/jobs/db-nightly`)
    await expect(admin.locator('#every').inputValue()).resolves.toBe('2d')
    await expect(admin.locator('#grace').inputValue()).resolves.toBe('1h')
    await admin.check('#kind-cron')
    await admin.fill('#cron', '0 25 * * *')
    await admin.fill('#tz', 'Europe/Berlin')
    await admin.click('button:has-text("Save schedule")')
    await admin.waitForLoadState('load')
    const error = admin.locator('#schedule-error[role=alert]')
    await expect(error.textContent()).resolves.toContain('schedule.cron')
    // what was typed is kept, tied to the message
    await expect(admin.locator('#cron').inputValue()).resolves.toBe('0 25 * * *')
    await expect(admin.locator('#kind-cron').isChecked()).resolves.toBe(true)
    await expect(admin.locator('#cron').getAttribute('aria-describedby')).resolves.toBe('schedule-error')
    expect((await t.api<{ schedule: unknown }>('GET', '/jobs/db-nightly')).body.schedule).toEqual({
      every: '2d',
    })
    await expectAccessible(admin)
    await screenshots(admin, 'job-schedule-error')
    await admin.fill('#cron', '30 2 * * *')
    await admin.fill('#grace', '2h')
    await Promise.all([admin.waitForURL(/done=saved/), admin.click('button:has-text("Save schedule")')])
    const facts = (await admin.locator('.facts').textContent()) ?? ''
    expect(facts).toContain('daily at 02:30 (Europe/Berlin)')
    expect(facts).toContain('grace 2 h')
    const job = await t.api<{ schedule: unknown; grace: string }>('GET', '/jobs/db-nightly')
    expect(job.body).toMatchObject({ schedule: { cron: '30 2 * * *', tz: 'Europe/Berlin' }, grace: '2h' })
    expect(adminErrors.filter((e) => !/status of 422/.test(e))).toEqual([])
    await admin.close()
  }, 60_000)

  it('logged no console error on any page', () => {
    expect(errors.filter((e) => !/status of (400|404)/.test(e))).toEqual([])
  })
})
