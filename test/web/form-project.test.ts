// Every dashboard form that changes something acts in the project of the page that showed it
// (components/form-action.ts): a page opened with ?project=, or left open while another tab
// switched project, must not act on the switcher's project, where the same names exist.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { defaultJob } from '../../src/app/jobs/job-defaults.js'
import { addUser } from '../../src/app/users/user-admin.js'
import { DEFAULT_PROJECT_ID, type ProjectRecord } from '../../src/domain/projects.js'
import { startTestApp, type TestApp } from '../support/app.js'
import { type WebClient, webClient } from '../support/web-client.js'

const PASSWORD = 'correct horse battery staple'

/** the actions of a page's POST forms, but the layout's (project switcher, sign out) */
function postActions(html: string): string[] {
  return [...html.matchAll(/<form method="post" action="([^"]+)"/g)]
    .map((m) => m[1]!.replaceAll('&amp;', '&'))
    .filter((a) => a !== '/project' && a !== '/logout')
}

describe('dashboard forms act in their page project', () => {
  let t: TestApp
  let ada: WebClient
  let team: ProjectRecord

  beforeAll(async () => {
    t = await startTestApp()
    const store = t.app.store
    await addUser(
      store,
      { username: 'ada', password: PASSWORD, instanceAdmin: false, role: 'admin', project: 'default' },
      Date.now(),
    )
    team = await store.createProject(
      { slug: 'team-b', name: 'Team B', pingKey: 'team-b-key-000001', source: 'api' },
      Date.now(),
    )
    const user = (await store.getUser({ username: 'ada' }))!
    await store.putMembership(user.id, { projectId: team.id, role: 'admin' })
    await store.inProject(team.id).createJob(defaultJob('db-nightly'), Date.now())
    // no switcher cookie: ada's pages are in her first project, default, unless ?project= says
    ada = await webClient(t.url, 'ada', PASSWORD)
  })
  afterAll(() => t?.close())

  it('names the page project in every POST form of every page', async () => {
    for (const path of ['/jobs/db-nightly', '/silences', '/channels', '/settings']) {
      const page = await ada.get(`${path}?project=team-b`)
      expect(page.status, path).toBe(200)
      const actions = postActions(await page.text())
      expect(actions.length, path).toBeGreaterThan(0)
      for (const action of actions) expect(action, path).toMatch(/\?project=team-b(&|$)/)
    }
  })

  it('creates and expires a silence in the project the Silences page showed', async () => {
    const page = await (await ada.get('/silences?project=team-b')).text()
    const [create] = postActions(page)
    expect(create).toBe('/silences?project=team-b')
    const made = await ada.post(create!, {
      jobs: 'db-nightly',
      duration: '2h',
      name: 'b-maint',
      comment: 'x',
    })
    expect(made.status).toBe(303)
    expect(made.headers.get('location')).toBe('/silences?project=team-b')
    const theirs = await t.app.store.inProject(team.id).getSilence({ name: 'b-maint' })
    expect(theirs).not.toBeNull()
    expect(await t.app.store.inProject(DEFAULT_PROJECT_ID).getSilence({ name: 'b-maint' })).toBeNull()

    const listed = await (await ada.get(made.headers.get('location')!)).text()
    const expire = postActions(listed).find((a) => a.startsWith(`/silences/${theirs!.id}/expire`))
    expect(expire).toBe(`/silences/${theirs!.id}/expire?project=team-b`)
    const ended = await ada.post(expire!)
    expect(ended.headers.get('location')).toBe('/silences?project=team-b&state=expired')
    const after = await t.app.store.inProject(team.id).getSilence({ id: theirs!.id })
    expect(after!.endsAt).toBeLessThanOrEqual(Date.now())
  })

  it('keeps a form posted without ?project= in the switcher project, and its redirect plain', async () => {
    const made = await ada.post('/silences', {
      jobs: 'db-nightly',
      duration: '2h',
      name: 'a-maint',
      comment: 'x',
    })
    expect(made.headers.get('location')).toBe('/silences')
    expect(await t.app.store.inProject(DEFAULT_PROJECT_ID).getSilence({ name: 'a-maint' })).not.toBeNull()
  })
})
