// A failed borgmatic run reaching the dashboard without a reload: `backwatch serve` as a child
// process, the real borgmatic and borg pinging it through borgmatic's healthchecks hook, the
// overview and the jobs list open in Debian's chromium while the repository goes missing.
import { renameSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { borgmaticLab, healthchecksHook } from '../support/borgmatic.js'
import { consoleErrors, hasChromium, launchBrowser, screenshots, signIn } from '../support/browser.js'
import { hasTool } from '../support/tools.js'

const TOKEN = 'web-live-admin-token-0123456789ab'
const UUID = '4f0c2a5e-8d1b-4c3e-9a7f-1b2c3d4e5f60'
const PASSWORD = 'live borgmatic password'
const tools = hasTool('borgmatic') && hasTool('borg') && hasChromium()

describe.skipIf(!tools)('dashboard: a failed borgmatic run appears without a reload', () => {
  const lab = borgmaticLab('backwatch-web-live-')
  const repo = join(lab.dir, 'repo')
  let browser: Browser
  let page: Page
  let errors: string[] = []

  beforeAll(async () => {
    const server = await lab.start(
      `jobs:\n  - slug: lab-borgmatic\n    name: Lab files\n    uuid: ${UUID}\n    tool: borgmatic\n    server: lab-01\n    schedule: {every: 1d}\n`,
      { token: TOKEN, env: { BACKWATCH_ADMIN_USER: 'admin', BACKWATCH_ADMIN_PASSWORD: PASSWORD } },
    )
    lab.writeConfig('borgmatic.yaml', repo, healthchecksHook(server.url, UUID))
    lab.initRepo(repo)
    const ok = lab.borgmatic('borgmatic.yaml')
    expect(ok.status, ok.stderr).toBe(0)
    browser = await launchBrowser()
    page = await browser.newPage()
    errors = consoleErrors(page)
    await signIn(page, server.url, 'admin', PASSWORD)
  }, 120_000)

  afterAll(async () => {
    await browser?.close()
    await lab.stop()
  })

  const notReloaded = async () => {
    await page.evaluate('window.notReloaded = true')
    return async () => expect(await page.evaluate('window.notReloaded')).toBe(true)
  }

  it('turns the overview red in place when borgmatic fails', async () => {
    await page.goto(`${lab.server.url}/`)
    await expect(page.locator('.sentence').textContent()).resolves.toContain('The only job is up to date')
    const stillSamePage = await notReloaded()
    renameSync(repo, `${repo}.away`)
    const failed = lab.borgmatic('borgmatic.yaml')
    expect(failed.status).not.toBe(0)
    await page.locator('.sentence', { hasText: '1 job down' }).waitFor({ timeout: 15_000 })
    await stillSamePage()
    await page.waitForFunction('document.title.startsWith("(1 down)")')
    await expect(page.locator('.live-region').textContent()).resolves.toContain(
      'Backup failed: lab-01/lab-borgmatic',
    )
    await screenshots(page, 'overview-borgmatic-failed')
  }, 60_000)

  it('shows the job recovering on /jobs without a reload once borgmatic succeeds again', async () => {
    await page.goto(`${lab.server.url}/jobs`)
    const row = page.locator('table.jobs tbody tr', { hasText: 'Lab files' })
    await row.locator('.badge.bad').waitFor()
    const stillSamePage = await notReloaded()
    renameSync(`${repo}.away`, repo)
    const ok = lab.borgmatic('borgmatic.yaml')
    expect(ok.status, ok.stderr).toBe(0)
    await row.locator('.badge.ok').waitFor({ timeout: 15_000 })
    await stillSamePage()
    await page.waitForFunction('!document.title.startsWith("(")')
  }, 60_000)

  it('logged no console error', () => {
    expect(errors).toEqual([])
  })
})
