// POST /api/v1/jobs/{id}/snapshots?format=restic|borg|borgmatic: a job's snapshot list becomes its
// retention facts, against the real server and the real tool outputs in test/fixtures.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type ApiApp, INGEST_TOKEN, json, READ_TOKEN, startApiApp } from './support/api-app.js'

const FIXTURES = join(import.meta.dirname, 'fixtures', 'tool-output')
const fixture = (name: string) => readFileSync(join(FIXTURES, name))

describe('POST /api/v1/jobs/{id}/snapshots', () => {
  let t: ApiApp
  let jobId: number
  beforeAll(async () => {
    t = await startApiApp()
    jobId = (await t.call('/jobs', { method: 'POST', json: { slug: 'vm', tool: 'restic' } })).body.id
  })
  afterAll(async () => {
    await t.stop()
  })

  const post = (query: string, body: string | Buffer, token: string | null = INGEST_TOKEN, job = 'vm') =>
    t.call(`/jobs/${job}/snapshots${query}`, { method: 'POST', body, token })
  const storedFacts = async () => (await t.app.store.inProject(1).getJob({ slug: 'vm' }))!.retentionFacts

  it.each([
    ['restic', 'restic-snapshots.json', '', 4, '2026-11-22T05:25:47Z', '2026-11-22T05:26:14Z'],
    ['restic', 'restic-snapshots-grouped.json', '', 5, '2026-11-22T05:25:47Z', '2026-11-22T05:26:42Z'],
    ['restic', 'restic-snapshots-tagged.json', '', 1, '2026-11-22T05:26:42Z', '2026-11-22T05:26:42Z'],
    ['restic', 'restic-snapshots-latest1.json', '', 5, '2026-11-22T05:25:57Z', '2026-11-22T05:29:30Z'],
    ['borg', 'borg-list.json', '', 2, '2026-11-22T05:29:47Z', '2026-11-22T05:29:53Z'],
    ['borg', 'borg-list.json', '&utc_offset=%2B01:00', 2, '2026-11-22T04:29:47Z', '2026-11-22T04:29:53Z'],
    ['borg', 'borg-list.json', '&utc_offset=+0100', 2, '2026-11-22T04:29:47Z', '2026-11-22T04:29:53Z'],
    ['borgmatic', 'borgmatic-list.json', '', 1, '2026-11-22T05:32:04Z', '2026-11-22T05:32:04Z'],
    [
      'borgmatic',
      'borgmatic-rlist.json',
      '&utc_offset=-300',
      1,
      '2026-11-22T10:32:04Z',
      '2026-11-22T10:32:04Z',
    ],
  ])('format=%s %s%s → %i snapshots', async (format, file, query, n, oldest, newest) => {
    const before = Date.now()
    const res = await post(`?format=${format}${query}`, fixture(file))
    expect(res.status).toBe(200)
    expect(res.body).toEqual({
      job: 'vm',
      snapshots: n,
      oldest_at: oldest,
      newest_at: newest,
      days: 1,
      weeks: 1,
      months: 1,
    })
    const facts = await storedFacts()
    expect(facts).toMatchObject({ count: n, days: 1, weeks: 1, months: 1 })
    expect(new Date(facts!.oldestAt!).toISOString().replace(/\.\d{3}Z$/, 'Z')).toBe(oldest)
    expect(facts!.reportedAt).toBeGreaterThanOrEqual(before)
  })

  it('counts distinct days, weeks and months; a new list replaces the old facts; [] is no snapshots', async () => {
    // one snapshot a day from Fri 2026-01-30 to Tue 2026-02-10, two on the last day
    const days = Array.from({ length: 12 }, (_, i) => new Date(Date.UTC(2026, 0, 30 + i, 2)).toISOString())
    const list = [...days, '2026-02-10T14:00:00+01:00'].map((time, i) => ({ time, id: `s${i}` }))
    const res = await post('?format=restic', JSON.stringify(list), INGEST_TOKEN, String(jobId))
    expect(res.body).toEqual({
      job: 'vm',
      snapshots: 13,
      oldest_at: '2026-01-30T02:00:00Z',
      newest_at: '2026-02-10T13:00:00Z',
      days: 12,
      weeks: 3, // Jan 26–Feb 1, Feb 2–8, Feb 9–15
      months: 2,
    })
    const empty = await post('?format=restic', '[]')
    expect(empty.body).toEqual({
      job: 'vm',
      snapshots: 0,
      oldest_at: null,
      newest_at: null,
      days: 0,
      weeks: 0,
      months: 0,
    })
    expect(await storedFacts()).toMatchObject({ count: 0, oldestAt: null, newestAt: null })
  })

  it('answers 400 unparsable_report for output it cannot read, and keeps the previous facts', async () => {
    await post('?format=restic', fixture('restic-snapshots.json'))
    const cases: [string, string, RegExp][] = [
      ['restic', 'Fatal: wrong password or no key found', /not valid JSON/],
      ['restic', '{"time":"2026-11-22T05:25:47Z"}', /must be a JSON array/],
      ['restic', '[{"id":"x"}]', /snapshot 1 has no valid "time"/],
      ['borg', fixture('borgmatic-list.json').toString(), /format=borgmatic/],
      ['borg', '{"repository": {}}', /no "archives" list/],
      ['borgmatic', '[{"archives": [{"name": "x"}]}]', /archive 1 has no valid "start" or "time"/],
    ]
    for (const [format, body, message] of cases) {
      const res = await post(`?format=${format}`, body)
      expect(res.status, body).toBe(400)
      expect(res.body.error.code).toBe('unparsable_report')
      expect(res.body.error.message).toMatch(message)
    }
    expect(await storedFacts()).toMatchObject({ count: 4 })
  })

  it('rejects bad parameters, an empty body and unknown jobs; 413 over 16 MB', async () => {
    const body = fixture('restic-snapshots.json')
    const missing = await post('', body)
    expect(missing.status).toBe(400)
    expect(missing.body.error.details).toEqual([
      { path: 'format', message: 'required: one of restic, borg, borgmatic' },
    ])
    const tar = await post('?format=tar', body)
    expect(tar.body.error.details).toEqual([
      { path: 'format', message: 'must be one of restic, borg, borgmatic' },
    ])
    const offset = await post('?format=borg&utc_offset=%2B25:00', fixture('borg-list.json'))
    expect(offset.status).toBe(400)
    expect(offset.body.error.details[0].path).toBe('utc_offset')
    const empty = await post('?format=borg', '')
    expect(empty.status).toBe(400)
    expect(empty.body.error).toMatchObject({ code: 'invalid_request', message: /borg list --json/ })
    const unknown = await post('?format=restic', body, INGEST_TOKEN, 'nope')
    expect(unknown).toEqual({ status: 404, body: { error: { code: 'not_found', message: 'job not found' } } })
    const tooBig = await t.api('/jobs/vm/snapshots?format=restic', {
      method: 'POST',
      body: Buffer.alloc(16_000_001, ' '),
      token: INGEST_TOKEN,
    })
    expect(tooBig.status).toBe(413)
    expect((await json(tooBig)).error.code).toBe('payload_too_large')
    // just under the limit: whitespace around a list is fine
    const padded = Buffer.concat([body, Buffer.alloc(16_000_000 - body.length, ' ')])
    expect((await post('?format=restic', padded)).status).toBe(200)
  })

  it('needs the ingest scope', async () => {
    const body = fixture('restic-snapshots.json')
    expect((await post('?format=restic', body, null)).status).toBe(401)
    expect((await post('?format=restic', body, READ_TOKEN)).status).toBe(403)
    expect((await t.call('/jobs/vm/snapshots?format=restic', { method: 'POST', body })).status).toBe(200)
    expect((await t.call('/jobs/vm/snapshots', { token: READ_TOKEN })).status).toBe(405)
  })
})
