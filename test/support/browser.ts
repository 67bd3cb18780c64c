// The dashboard in a real browser: Debian's /usr/bin/chromium driven by playwright-core (never a
// downloaded browser). Absent chromium skips the browser tests with a notice, unless
// BACKWATCH_REQUIRE_REAL_TOOLS=1 (CI), where it fails. Helpers: sign in, check a page with
// axe-core (no serious or critical violation), screenshots at desktop and phone width into
// test-artifacts/screenshots/.
import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { type Browser, chromium, type Page } from 'playwright-core'
import { ROOT } from './child.js'

export const CHROMIUM = '/usr/bin/chromium'
export const SCREENSHOTS = join(ROOT, 'test-artifacts/screenshots')

export const DESKTOP = { width: 1280, height: 800 }
export const PHONE = { width: 390, height: 844 }

/** Whether the browser tests can run; prints a notice (or throws in CI) when they cannot. */
export function hasChromium(): boolean {
  if (existsSync(CHROMIUM)) return true
  if (process.env.BACKWATCH_REQUIRE_REAL_TOOLS === '1') {
    throw new Error(`${CHROMIUM} is required (BACKWATCH_REQUIRE_REAL_TOOLS=1): apt-get install chromium`)
  }
  console.warn(`notice: ${CHROMIUM} is not installed; the dashboard's browser tests are skipped`)
  return false
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  })
}

/** Signs in through the form; lands where the form sends (the overview, or `next`). */
export async function signIn(page: Page, baseUrl: string, username: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/login`)
  await page.fill('#username', username)
  await page.fill('#password', password)
  await Promise.all([page.waitForLoadState('load'), page.click('button[type=submit]')])
}

export interface AxeViolation {
  id: string
  impact: string | null
  help: string
  nodes: { target: string[]; html: string }[]
}

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js')
let axeSource: string | null = null

/**
 * The page's serious and critical accessibility violations (axe-core, WCAG 2.x A/AA rules and
 * best practices). axe is evaluated through the DevTools protocol: the dashboard's CSP refuses
 * an injected <script> (addScriptTag), as it should.
 */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  axeSource ??= readFileSync(AXE, 'utf8')
  await page.evaluate(axeSource)
  const rules = JSON.stringify(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
  const violations = (await page.evaluate(
    `axe.run(document, { runOnly: ${rules} }).then((r) => r.violations)`,
  )) as AxeViolation[]
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ ...v, nodes: v.nodes.map((n) => ({ target: n.target, html: n.html })) }))
}

/** Console errors the page logs (a CSP violation, a failed script), collected from now on. */
export function consoleErrors(page: Page): string[] {
  const errors: string[] = []
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text())
  })
  page.on('pageerror', (e) => errors.push(e.message))
  return errors
}

/**
 * Screenshots of the page at desktop and phone width (full page), in the dark colour scheme when
 * `dark` (name-dark-…); returns the paths.
 */
export async function screenshots(page: Page, name: string, dark = false): Promise<string[]> {
  mkdirSync(SCREENSHOTS, { recursive: true })
  if (dark) await page.emulateMedia({ colorScheme: 'dark' })
  const paths: string[] = []
  const before = page.viewportSize()
  for (const [size, viewport] of [
    ['desktop', DESKTOP],
    ['phone', PHONE],
  ] as const) {
    await page.setViewportSize(viewport)
    const path = join(SCREENSHOTS, `${name}${dark ? '-dark' : ''}-${size}.png`)
    await page.screenshot({ path, fullPage: true })
    paths.push(path)
  }
  if (before) await page.setViewportSize(before)
  if (dark) await page.emulateMedia({ colorScheme: 'light' })
  return paths
}
