// The job page's actions over plain HTTP: who may post what (a viewer nothing, an operator pause,
// resume and silence but not the schedule, as the API's capabilities say), the form's `_csrf` and
// origin checked before anything changes, a refused value answered 422 with the page and its
// message, another project's or an unknown job 404; a form acts in the project of the page it
// came from.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { defaultJob } from '../../src/app/jobs/job-defaults.js'
import { addUser } from '../../src/app/users/user-admin.js'
import { startTestApp, type TestApp } from '../support/app.js'

const PASSWORD = 'correct horse battery staple'
const FORM = { 'Content-Type': 'application/x-www-form-urlencoded' }

interface Session {
  cookie: string
  csrf: string
}

describe('dashboard job actions over HTTP', () => {
  let t: TestApp
  const as: Record<string, Session> = {}

  async function signIn(username: string): Promise<Session> {
    const form = await fetch(`${t.url}/login`)
    const token = /name="_csrf" value="([^"]+)"/.exec(await form.text())![1]!
    const res = await fetch(`${t.url}/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { ...FORM, cookie: form.headers.getSetCookie()[0]!.split(';')[0]! },
      body: new URLSearchParams({ _csrf: token, username, password: PASSWORD }),
    })
    const cookie = res.headers
      .getSetCookie()
      .find((c) => c.startsWith('backwatch_session='))!
      .split(';')[0]!
    const page = await (await fetch(`${t.url}/`, { headers: { cookie } })).text()
    return { cookie, csrf: /name="_csrf" value="([^"]+)"/.exec(page)![1]! }
  }

  const post = (who: Session, path: string, fields: Record<string, string>, headers = {}) =>
    fetch(`${t.url}${path}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { ...FORM, cookie: who.cookie, ...headers },
      body: new URLSearchParams(fields),
    })
  const page = async (who: Session, path: string) =>
    (await fetch(`${t.url}${path}`, { headers: { cookie: who.cookie } })).text()
  const job = async () => (await t.api<{ paused: boolean; grace: string }>('GET', '/jobs/db-nightly')).body

  beforeAll(async () => {
    t = await startTestApp()
    for (const [username, role] of [
      ['vera', 'viewer'],
      ['olga', 'operator'],
      ['ada', 'admin'],
    ] as const) {
      await addUser(
        t.app.store,
        { username, password: PASSWORD, instanceAdmin: false, role, project: 'default' },
        Date.now(),
      )
      as[username] = await signIn(username)
    }
    expect((await t.api('POST', '/jobs', { slug: 'db-nightly', schedule: { every: '1d' } })).status).toBe(201)
  })
  afterAll(() => t?.close())

  it('shows a viewer no action and refuses its posts with 403', async () => {
    const html = await page(as.vera!, '/jobs/db-nightly')
    expect(html).toContain('<h1>db-nightly</h1>')
    expect(html).not.toMatch(/action="\/jobs\/db-nightly\/(pause|resume|silence|schedule)/)
    for (const action of ['pause', 'resume', 'silence', 'schedule']) {
      const res = await post(as.vera!, `/jobs/db-nightly/${action}`, {
        _csrf: as.vera!.csrf,
        duration: '1h',
        reason: 'x',
        every: '2d',
        grace: '1h',
      })
      expect(res.status).toBe(403)
    }
    expect(await job()).toMatchObject({ paused: false, grace: '1h' })
    expect((await t.api<{ items: unknown[] }>('GET', '/silences')).body.items).toEqual([])
  })

  it("gives an operator pause and silence but not the schedule (PATCH's admin)", async () => {
    const html = await page(as.olga!, '/jobs/db-nightly')
    expect(html).toContain('action="/jobs/db-nightly/pause?project=default"')
    expect(html).toContain('action="/jobs/db-nightly/silence?project=default"')
    expect(html).not.toContain('action="/jobs/db-nightly/schedule')
    const res = await post(as.olga!, '/jobs/db-nightly/schedule', {
      _csrf: as.olga!.csrf,
      every: '2d',
      grace: '5m',
    })
    expect(res.status).toBe(403)
    expect(await res.text()).toContain('this needs the admin role; you have the operator role')
    expect((await job()).grace).toBe('1h')
    const paused = await post(as.olga!, '/jobs/db-nightly/pause', { _csrf: as.olga!.csrf })
    expect(paused.status).toBe(303)
    expect(paused.headers.get('location')).toBe('/jobs/db-nightly?done=paused#main')
    expect((await job()).paused).toBe(true)
    expect((await post(as.olga!, '/jobs/db-nightly/resume', { _csrf: as.olga!.csrf })).status).toBe(303)
    expect((await job()).paused).toBe(false)
  })

  it('refuses a form without the session _csrf, or from another origin, before changing anything', async () => {
    const olga = as.olga!
    expect((await post(olga, '/jobs/db-nightly/pause', {})).status).toBe(403)
    expect((await post(olga, '/jobs/db-nightly/pause', { _csrf: as.ada!.csrf })).status).toBe(403)
    expect(
      (await post(olga, '/jobs/db-nightly/pause', { _csrf: olga.csrf }, { origin: 'https://evil.example' }))
        .status,
    ).toBe(403)
    const silence = await post(olga, '/jobs/db-nightly/silence', { duration: '1h', reason: 'no token' })
    expect(silence.status).toBe(403)
    expect((await job()).paused).toBe(false)
    expect((await t.api<{ items: unknown[] }>('GET', '/silences')).body.items).toEqual([])
  })

  it('answers a refused value with 422: the page, the form and the message', async () => {
    const ada = as.ada!
    const bad = await post(ada, '/jobs/db-nightly/schedule', {
      _csrf: ada.csrf,
      kind: 'every',
      every: 'soon',
      grace: '1h',
    })
    expect(bad.status).toBe(422)
    const html = await bad.text()
    expect(html).toMatch(/<p class="alert bad" role="alert" id="schedule-error">schedule\.every: [^<]+<\/p>/)
    expect(html).toContain('value="soon"')
    const grace = await post(ada, '/jobs/db-nightly/schedule', {
      _csrf: ada.csrf,
      kind: 'every',
      every: '1d',
      grace: '-1h',
    })
    expect(grace.status).toBe(422)
    expect(await grace.text()).toContain('grace:')
    const noReason = await post(ada, '/jobs/db-nightly/silence', {
      _csrf: ada.csrf,
      duration: '1h',
      reason: ' ',
    })
    expect(noReason.status).toBe(422)
    expect(await noReason.text()).toContain('reason: say why')
    const noDuration = await post(ada, '/jobs/db-nightly/silence', {
      _csrf: ada.csrf,
      duration: 'ever',
      reason: 'x',
    })
    expect(noDuration.status).toBe(422)
    expect(await noDuration.text()).toContain('id="silence-error"')
    expect((await job()).grace).toBe('1h')
    expect((await t.api<{ items: unknown[] }>('GET', '/silences')).body.items).toEqual([])
    const ok = await post(ada, '/jobs/db-nightly/schedule', {
      _csrf: ada.csrf,
      kind: 'cron',
      cron: '0 3 * * *',
      tz: '',
      grace: '30m',
    })
    expect(ok.status).toBe(303)
    expect(await job()).toMatchObject({ schedule: { cron: '0 3 * * *', tz: 'UTC' }, grace: '30m' })
  })

  it('acts on the job of the project the page showed, whatever the switcher says', async () => {
    // ada is an admin in both projects; both have a job db-nightly; her switcher says default
    const store = t.app.store
    const team = await store.createProject(
      { slug: 'team-b', name: 'Team B', pingKey: 'team-b-key-000001', source: 'api' },
      Date.now(),
    )
    const ada = (await store.getUser({ username: 'ada' }))!
    await store.putMembership(ada.id, { projectId: team.id, role: 'admin' })
    const scoped = t.app.store.inProject(team.id)
    const theirs = await scoped.createJob({ ...defaultJob('db-nightly'), name: 'Team B nightly' }, Date.now())
    const html = await page(as.ada!, '/jobs/db-nightly?project=team-b')
    expect(html).toContain('<h1>Team B nightly</h1>')
    const action = /action="(\/jobs\/db-nightly\/pause\?project=team-b)"/.exec(html)![1]!
    const res = await post(as.ada!, action, { _csrf: as.ada!.csrf })
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe('/jobs/db-nightly?project=team-b&done=paused#main')
    expect((await scoped.getJob({ id: theirs.id }))!.paused).toBe(true)
    expect((await job()).paused).toBe(false)
  })

  it('answers an unknown job 404, for pages and posts', async () => {
    const ada = as.ada!
    expect((await fetch(`${t.url}/jobs/nope`, { headers: { cookie: ada.cookie } })).status).toBe(404)
    expect((await post(ada, '/jobs/nope/pause', { _csrf: ada.csrf })).status).toBe(404)
    expect(
      (await post(ada, '/jobs/nope/schedule', { _csrf: ada.csrf, every: '1d', grace: '1h' })).status,
    ).toBe(404)
  })

  it('says when the job was last verified restorable, against its policy', async () => {
    const before = await page(as.vera!, '/jobs/db-nightly')
    expect(before).not.toContain('Verified restorable')
    expect(
      (await t.api('PATCH', '/jobs/db-nightly', { policy: { restore_test_max_age: '35d' } })).status,
    ).toBe(200)
    const wanted = await page(as.vera!, '/jobs/db-nightly')
    expect(wanted).toMatch(
      /<dt>Verified restorable<\/dt><dd><span class="muted">never<\/span> <span class="muted">· restore test every 35 d<\/span>/,
    )
    const run = { job: 'db-nightly', kind: 'restore_test', status: 'succeeded' }
    expect((await t.api('POST', '/runs', run)).status).toBe(201)
    const tested = await page(as.vera!, '/jobs/db-nightly')
    expect(tested).toMatch(
      /<dt>Verified restorable<\/dt><dd><time datetime="[^"]+" [^>]*>[^<]+<\/time> <span class="muted">· restore test every 35 d/,
    )
  })
})
