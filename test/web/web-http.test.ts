// The dashboard over plain HTTP (no browser): the session gate, security headers on every answer,
// the one `_csrf` check of every form, `next` kept on this site, assets cached for a year, the
// live rows' ETag, and the sign-in form's own token.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addUser, enableTotp } from '../../src/app/users/user-admin.js'
import { totpCode } from '../../src/auth/totp.js'
import { startTestApp, type TestApp } from '../support/app.js'

const PASSWORD = 'correct horse battery staple'
const FORM = { 'Content-Type': 'application/x-www-form-urlencoded' }

describe('dashboard over HTTP', () => {
  let t: TestApp
  let session = ''
  let csrf = ''

  async function signIn(username: string, password: string, next = '/') {
    const form = await fetch(`${t.url}/login`)
    const token = /name="_csrf" value="([^"]+)"/.exec(await form.text())![1]!
    const cookie = form.headers.getSetCookie()[0]!.split(';')[0]!
    return fetch(`${t.url}/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { ...FORM, cookie },
      body: new URLSearchParams({ _csrf: token, username, password, next }),
    })
  }

  beforeAll(async () => {
    t = await startTestApp()
    await addUser(
      t.app.store,
      { username: 'vera', password: PASSWORD, instanceAdmin: false, role: 'viewer', project: 'default' },
      Date.now(),
    )
    const res = await signIn('vera', PASSWORD)
    session = res.headers
      .getSetCookie()
      .find((c) => c.startsWith('backwatch_session='))!
      .split(';')[0]!
    const page = await (await fetch(`${t.url}/`, { headers: { cookie: session } })).text()
    csrf = /name="_csrf" value="([^"]+)"/.exec(page)![1]!
  })
  afterAll(() => t?.close())

  const get = (path: string, headers: Record<string, string> = {}) =>
    fetch(`${t.url}${path}`, { redirect: 'manual', headers: { cookie: session, ...headers } })

  it('sends a visitor without a session to /login with the page as next, fragments get 401', async () => {
    const res = await fetch(`${t.url}/jobs?status=down`, { redirect: 'manual' })
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe('/login?next=%2Fjobs%3Fstatus%3Ddown')
    expect((await fetch(`${t.url}/live/job-rows?ids=1`)).status).toBe(401)
    expect((await fetch(`${t.url}/live/overview`)).status).toBe(401)
  })

  it('puts the CSP and the other security headers on pages, redirects, errors and assets', async () => {
    const page = await get('/')
    const html = await page.text()
    const asset = /href="(\/assets\/app\.[0-9a-f]{12}\.css)"/.exec(html)![1]!
    for (const res of [
      page,
      await fetch(`${t.url}/`, { redirect: 'manual' }),
      await get('/jobs?status=x'),
      await get(asset),
    ]) {
      expect(res.headers.get('content-security-policy')).toContain(
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'",
      )
      expect(res.headers.get('x-content-type-options')).toBe('nosniff')
      expect(res.headers.get('referrer-policy')).toBe('same-origin')
    }
    expect(html).not.toMatch(/<script>|<style|\sstyle=|\son[a-z]+=/)
  })

  it('serves assets by content hash, immutable, gzipped when asked', async () => {
    const html = await (await get('/')).text()
    const js = /src="(\/assets\/app\.[0-9a-f]{12}\.js)"/.exec(html)![1]!
    const res = await fetch(`${t.url}${js}`, { headers: { 'accept-encoding': 'gzip' } })
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
    expect(res.headers.get('content-encoding')).toBe('gzip')
    expect(await res.text()).toContain('X-Backwatch-Down')
    expect((await fetch(`${t.url}/assets/app.000000000000.js`)).status).toBe(404)
  })

  it('refuses a form without the session _csrf, or from another origin, with 403', async () => {
    const post = (body: Record<string, string>, headers: Record<string, string> = {}) =>
      fetch(`${t.url}/logout`, {
        method: 'POST',
        redirect: 'manual',
        headers: { ...FORM, cookie: session, ...headers },
        body: new URLSearchParams(body),
      })
    expect((await post({})).status).toBe(403)
    expect((await post({ _csrf: `${csrf}x` })).status).toBe(403)
    expect((await post({ _csrf: csrf }, { origin: 'https://evil.example' })).status).toBe(403)
    const wrongType = await fetch(`${t.url}/logout`, {
      method: 'POST',
      headers: { cookie: session, 'Content-Type': 'text/plain' },
      body: `_csrf=${csrf}`,
    })
    expect(wrongType.status).toBe(415)
    expect((await get('/')).status).toBe(200) // still signed in
  })

  it('signs in only with the form token from its own cookie, and keeps next on this site', async () => {
    const bare = await fetch(`${t.url}/login`, {
      method: 'POST',
      headers: FORM,
      body: new URLSearchParams({ _csrf: 'x', username: 'vera', password: PASSWORD }),
    })
    expect(bare.status).toBe(403)
    for (const [next, lands] of [
      ['/jobs?q=a', '/jobs?q=a'],
      ['//evil.example/x', '/'],
      ['https://evil.example/', '/'],
      ['/\\evil.example', '/'],
    ]) {
      const res = await signIn('vera', PASSWORD, next!)
      expect(res.status).toBe(303)
      expect(res.headers.get('location')).toBe(lands)
    }
    const wrong = await signIn('vera', 'nope')
    expect(wrong.status).toBe(401)
    expect(await wrong.text()).toContain('Wrong username or password.')
  })

  it('answers the live rows with an ETag, 304 when unchanged, and the down count', async () => {
    const job = await t.api<{ id: number }>('POST', '/jobs', { slug: 'etag-job', schedule: { every: '1d' } })
    const first = await get(`/live/job-rows?ids=${job.body.id}`)
    expect(first.status).toBe(200)
    expect(await first.text()).toContain(`data-id="${job.body.id}"`)
    expect(first.headers.get('x-backwatch-down')).toBe('0')
    const again = await get(`/live/job-rows?ids=${job.body.id}`, {
      'if-none-match': first.headers.get('etag')!,
    })
    expect(again.status).toBe(304)
    expect((await get('/live/job-rows?ids=1,x')).status).toBe(400)
  })

  it('answers the overview region with an ETag that changes when a job goes down', async () => {
    const job = await t.api<{ uuid: string }>('POST', '/jobs', {
      slug: 'region-job',
      schedule: { every: '1d' },
    })
    const first = await get('/live/overview')
    expect(first.status).toBe(200)
    const body = await first.text()
    // the region only: no page shell around it
    expect(body).not.toContain('<html')
    expect(body).toContain('class="sentence')
    const etag = first.headers.get('etag')!
    expect((await get('/live/overview', { 'if-none-match': etag })).status).toBe(304)
    expect((await fetch(`${t.url}/ping/${job.body.uuid}/fail`, { method: 'POST' })).status).toBe(200)
    const changed = await get('/live/overview', { 'if-none-match': etag })
    expect(changed.status).toBe(200)
    expect(changed.headers.get('x-backwatch-down')).toBe('1')
    expect(await changed.text()).toContain('1 job down')
  })

  it('answers a page of a project the user has no role in with 404', async () => {
    const res = await get('/?project=nowhere')
    expect(res.status).toBe(404)
    expect(await res.text()).toContain('project &quot;nowhere&quot; not found')
  })

  it('switches project with the switcher (a form), and a user with one project sees no switcher', async () => {
    expect(await (await get('/')).text()).not.toContain('project-switch')
    const store = t.app.store
    const team = await store.createProject(
      { slug: 'team-b', name: 'Team B', pingKey: 'team-b-key-000001', source: 'api' },
      Date.now(),
    )
    const user = await addUser(
      store,
      { username: 'paul', password: PASSWORD, instanceAdmin: false, role: 'viewer', project: 'default' },
      Date.now(),
    )
    await store.putMembership(user.id, { projectId: team.id, role: 'operator' })
    const res = await signIn('paul', PASSWORD)
    const cookie = res.headers
      .getSetCookie()
      .find((c) => c.startsWith('backwatch_session='))!
      .split(';')[0]!
    const page = await (await fetch(`${t.url}/jobs`, { headers: { cookie } })).text()
    expect(page).toContain('<option value="team-b"')
    const token = /name="_csrf" value="([^"]+)"/.exec(page)![1]!
    const switched = await fetch(`${t.url}/project`, {
      method: 'POST',
      redirect: 'manual',
      headers: { ...FORM, cookie },
      body: new URLSearchParams({ _csrf: token, project: 'team-b', next: '/jobs?project=default&q=x' }),
    })
    expect(switched.status).toBe(303)
    expect(switched.headers.get('location')).toBe('/jobs?q=x')
    const chosen = switched.headers
      .getSetCookie()
      .find((c) => c.startsWith('backwatch_project='))!
      .split(';')[0]!
    const after = await (await fetch(`${t.url}/jobs`, { headers: { cookie: `${cookie}; ${chosen}` } })).text()
    expect(after).toMatch(/<option value="team-b" selected>/)
    expect(after).toContain('paul <span class="muted">· operator')
    const refused = await fetch(`${t.url}/project`, {
      method: 'POST',
      headers: { ...FORM, cookie },
      body: new URLSearchParams({ _csrf: token, project: 'not-mine' }),
    })
    expect(refused.status).toBe(404)
  })

  it('asks for the code of an account with TOTP, and signs in with password and code', async () => {
    await addUser(
      t.app.store,
      { username: 'tina', password: PASSWORD, instanceAdmin: false, role: 'viewer', project: 'default' },
      Date.now(),
    )
    const { secret } = await enableTotp(t.app.store, 'tina', Date.now())
    const first = await signIn('tina', PASSWORD)
    expect(first.status).toBe(401)
    const body = await first.text()
    expect(body).toContain('two-factor authentication')
    expect(body).toContain('id="code"')
    const form = await fetch(`${t.url}/login`)
    const token = /name="_csrf" value="([^"]+)"/.exec(await form.text())![1]!
    const res = await fetch(`${t.url}/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { ...FORM, cookie: form.headers.getSetCookie()[0]!.split(';')[0]! },
      body: new URLSearchParams({
        _csrf: token,
        username: 'tina',
        password: PASSWORD,
        code: totpCode(secret, Date.now()),
      }),
    })
    expect(res.status).toBe(303)
    expect(res.headers.getSetCookie().some((c) => c.startsWith('backwatch_session='))).toBe(true)
  })
})
