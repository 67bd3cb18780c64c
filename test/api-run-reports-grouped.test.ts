// Concurrent run reports share one transaction (group commit) against a real server: each request
// still gets its own answer — an unknown job its own 404 — and every accepted run is stored.
import { randomUUID } from 'node:crypto'
import { afterEach, describe, expect, it } from 'vitest'
import { type ApiApp, INGEST_TOKEN, startApiApp } from './support/api-app.js'

let t: ApiApp | null = null
afterEach(async () => {
  await t?.stop()
  t = null
})

describe('POST /runs under concurrency', () => {
  it('answers each request for itself while committing them together', async () => {
    t = await startApiApp()
    const post = (json: unknown) => t!.call('/runs', { method: 'POST', json, token: INGEST_TOKEN })
    // one report per job, so arrival order (free on separate connections) cannot change the outcome
    const requests = [
      ...Array.from({ length: 40 }, (_, i) =>
        post({ job: `job-${i}`, create: true, exit_code: i % 5 === 0 ? 2 : 0, rid: randomUUID() }),
      ),
      post({ job: 'nobody-created-me', exit_code: 0 }),
    ]
    const answers = await Promise.all(requests)
    expect(answers.slice(0, 40).map((a) => a.status)).toEqual(Array(40).fill(201))
    expect(answers[40]).toMatchObject({ status: 404, body: { error: { code: 'not_found' } } })
    const runs = await t.call('/runs?limit=500')
    expect(runs.body.items).toHaveLength(40)
    const failed = await t.call('/alerts?status=active&type=job.failed&limit=500')
    const expected = Array.from({ length: 40 }, (_, i) => i)
      .filter((i) => i % 5 === 0)
      .map((i) => `job-${i}`)
      .sort()
    expect((failed.body.items as { job: string }[]).map((a) => a.job).sort()).toEqual(expected)
  })
})
