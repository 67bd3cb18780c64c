// What one request may carry and create (config `limits:`): over a limit, a clear 413 or 422
// naming the setting, and nothing stored; at the limit, everything stored once, even when sent
// again. Against the real server with small limits.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { type ApiApp, INGEST_TOKEN, startApiApp } from './support/api-app.js'
import { statusFile } from './support/status-file.js'

const LIMITS = { jobsPerRequest: 5, profilesPerFile: 8, runsPerRequest: 12, snapshotsPerList: 10 }

describe('request limits', () => {
  let t: ApiApp
  beforeEach(async () => {
    t = await startApiApp({ limits: LIMITS })
  })
  afterEach(async () => {
    await t.stop()
  })

  const postStatus = (body: string, query = '&create=1') =>
    t.call(`/runs?format=resticprofile${query}`, { method: 'POST', body, token: INGEST_TOKEN })
  const stored = async () => ({
    jobs: (await t.call('/jobs?limit=500')).body.items.length as number,
    runs: (await t.call('/runs?limit=500')).body.items.length as number,
  })

  it.each([
    ['profiles', 'profiles_per_file', 9, 1, /9 profiles.*at most 8/, 8, 9],
    ['entries (profile × command)', 'runs_per_request', 5, 3, /15 entries.*at most 12/, 12, 15],
  ])(
    'a status file with more %s than limits.%s: 413, nothing stored',
    async (_what, setting, profiles, commands, message, limit, count) => {
      const res = await postStatus(statusFile(profiles, commands))
      expect(res.status).toBe(413)
      expect(res.body.error).toMatchObject({
        code: 'too_many_entries',
        message: expect.stringMatching(message),
        details: { setting: `limits.${setting}`, limit, count },
      })
      expect(res.body.error.message).toContain(`raise limits.${setting}`)
      expect(await stored()).toEqual({ jobs: 0, runs: 0 })
    },
  )

  it('more new jobs than limits.jobs_per_request: 422, nothing stored; existing jobs do not count', async () => {
    const res = await postStatus(statusFile(6, 2))
    expect(res.status).toBe(422)
    expect(res.body.error).toMatchObject({
      code: 'too_many_jobs',
      message: expect.stringMatching(/create 6 jobs.*at most 5.*limits\.jobs_per_request/),
      details: { setting: 'limits.jobs_per_request', limit: 5, count: 6 },
    })
    expect(await stored()).toEqual({ jobs: 0, runs: 0 })
    // one of the six exists: five to create is within the limit
    expect((await t.call('/jobs', { method: 'POST', json: { slug: 'p5' } })).status).toBe(201)
    const accepted = await postStatus(statusFile(6, 2))
    expect(accepted.status).toBe(201)
    expect(accepted.body.items).toHaveLength(12)
    expect(await stored()).toEqual({ jobs: 6, runs: 12 })
  })

  it('a file at the limits is stored whole, and sending it again adds nothing', async () => {
    const file = statusFile(4, 3)
    const first = await postStatus(file)
    expect(first.status).toBe(201)
    expect(first.body.items).toHaveLength(12)
    const again = await postStatus(file)
    expect(again.status).toBe(200)
    expect(await stored()).toEqual({ jobs: 4, runs: 12 })
  })

  it('a file naming a job that does not exist, without create: 404, none of its runs stored', async () => {
    for (const slug of ['p0', 'p1', 'p2']) await t.call('/jobs', { method: 'POST', json: { slug } })
    const res = await postStatus(statusFile(4, 3), '')
    expect(res.status).toBe(404)
    expect(res.body.error.message).toContain('"p3"')
    expect(await stored()).toEqual({ jobs: 3, runs: 0 })
  })

  it('a snapshot list longer than limits.snapshots_per_list: 413, the job keeps its facts', async () => {
    await t.call('/jobs', { method: 'POST', json: { slug: 'vm', tool: 'restic' } })
    const list = (n: number) =>
      JSON.stringify(Array.from({ length: n }, (_, i) => ({ time: `2026-01-${10 + i}T02:00:00Z` })))
    const post = (n: number) => t.call('/jobs/vm/snapshots?format=restic', { method: 'POST', body: list(n) })
    expect((await post(10)).body.snapshots).toBe(10)
    const res = await post(11)
    expect(res.status).toBe(413)
    expect(res.body.error).toMatchObject({
      code: 'too_many_entries',
      message: expect.stringMatching(/11 snapshots.*at most 10.*limits\.snapshots_per_list/),
      details: { setting: 'limits.snapshots_per_list', limit: 10, count: 11 },
    })
    expect((await t.app.store.inProject(1).getJob({ slug: 'vm' }))!.retentionFacts).toMatchObject({
      count: 10,
    })
  })
})
