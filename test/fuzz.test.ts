// Issue 10 B: a seeded fuzz over every route against a real server on a real SQLite file: no
// 5xx (a channel test's documented 502 aside), no request left unanswered, the server still
// healthy, and every valid ping sent among the fuzz stored as a run. `npm run bench` runs the
// same fuzzer with 100 000 requests. FUZZ_SEED and FUZZ_COUNT change the run.
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { ApiDeps } from '../src/api/api-deps.js'
import { registerApi } from '../src/api/register-api.js'
import { Router } from '../src/http/router.js'
import { ADMIN_TOKEN, startTestApp, type TestApp } from './support/app.js'
import type { FuzzJob } from './support/fuzz-cases.js'
import { runFuzz } from './support/fuzz-run.js'

const SEED = Number(process.env.FUZZ_SEED ?? 20261204)
const COUNT = Number(process.env.FUZZ_COUNT ?? 3000)
const job = (prefix: string, i: number): FuzzJob => ({
  slug: `${prefix}-${i}`,
  uuid: `00000000-0000-4000-8000-${(prefix === 'tracked' ? 1e11 : 2e11) + i}`.slice(0, 36),
})
const tracked = Array.from({ length: 5 }, (_, i) => job('tracked', i))
const fuzzJobs = Array.from({ length: 5 }, (_, i) => job('fuzzed', i))

let t: TestApp
beforeAll(async () => {
  t = await startTestApp({
    // short, so that the requests left incomplete on purpose end quickly
    http: { headersTimeoutMs: 300, requestTimeoutMs: 1000 },
    jobs: [...tracked, ...fuzzJobs].map((j) => ({ slug: j.slug, uuid: j.uuid })),
  })
})
afterAll(() => t.close())

function apiRoutes() {
  const router = new Router()
  // the routes only read their deps when a request comes
  registerApi(router, {} as ApiDeps)
  return router.list()
}

it(
  `${COUNT} fuzzed requests (seed ${SEED}): no 5xx, no hang, every valid ping stored`,
  async () => {
    const routes = apiRoutes()
    expect(routes.length).toBeGreaterThan(30)
    const report = await runFuzz(
      t.url,
      { token: ADMIN_TOKEN, pingKey: t.app.pingKey, routes, tracked, fuzzJobs },
      { seed: SEED, count: COUNT, concurrency: 8, timeoutMs: 5000 },
    )
    expect(report.fiveXX).toEqual([])
    expect(report.hangs).toEqual([])
    expect(report.pingsRefused).toEqual([])
    // a connection closed on a refused body may cut the client's writing; nothing else may fail
    expect(Object.keys(report.clientErrors).filter((e) => !['ECONNRESET', 'EPIPE'].includes(e))).toEqual([])
    expect((await fetch(`${t.url}/healthz`)).status).toBe(200)
    // the fuzz reached the routes: answers of many kinds, most of them 4xx
    expect(Object.keys(report.statuses).length).toBeGreaterThan(8)
    for (const j of tracked) {
      const stored = await t.app.store.inProject(1).getJob({ slug: j.slug })
      expect(stored, `${j.slug} still exists`).not.toBeNull()
      let runs = 0
      let cursor: string | null = null
      do {
        const page = await t.app.store.inProject(1).listRuns({ job: stored!.id }, { limit: 500, cursor })
        runs += page.items.length
        cursor = page.nextCursor
      } while (cursor)
      expect(runs, `runs of ${j.slug}`).toBe(report.pingsAnswered[j.uuid] ?? 0)
    }
    const sent = Object.values(report.pingsAnswered).reduce((a, b) => a + b, 0)
    expect(sent).toBeGreaterThan(COUNT / 20)
  },
  60_000 + COUNT * 10,
)
