// Issue 12: a token or user of project A can neither read nor change anything of project B, through
// any route. For every route the server has (a route without a case in isolation-cases.ts fails the
// test), every principal of A (admin, ingest and read tokens, a user's session with its CSRF token),
// naming B as its project not at all, by X-Backwatch-Project or by ?project=, sends the route's
// requests at B's resources: each is refused (or acts in A only), no answer carries anything of B,
// and B, read through B's own admin token, is the same afterwards. The same requests aimed at A's
// resources work (so the refusals are not for some other reason). Then the ping endpoints: A's ping
// key and uuids reach A's jobs only. SQLite, and PostgreSQL when BACKWATCH_TEST_PG_URL is set.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { eventually } from './support/app.js'
import { API_CASES } from './support/isolation-cases.js'
import {
  asSent,
  coverage,
  expectedForA,
  judgeAimedAtA,
  judgeAimedAtB,
  leaksOf,
  snapshotB,
} from './support/isolation-checks.js'
import { send, VARIANTS } from './support/isolation-http.js'
import { PING_CASES } from './support/isolation-pings.js'
import { startIsolationWorld, type World } from './support/isolation-world.js'

const PG_URL = process.env.BACKWATCH_TEST_PG_URL
const DATABASES = ['sqlite', ...(PG_URL ? (['postgres'] as const) : [])] as const

/** The snapshot's entries that differ from the baseline, shortened. */
function changes(now: Record<string, string>, before: Record<string, string>): string[] {
  const keys = new Set([...Object.keys(now), ...Object.keys(before)])
  return [...keys]
    .filter((k) => now[k] !== before[k])
    .map((k) => `${k}: was ${before[k]?.slice(0, 300)} now ${now[k]?.slice(0, 300)}`)
}

async function stableSnapshot(w: World): Promise<Record<string, string>> {
  let last = await snapshotB(w)
  for (let i = 0; i < 50; i++) {
    await new Promise((r) => setTimeout(r, 100))
    const next = await snapshotB(w)
    if (changes(next, last).length === 0) return next
    last = next
  }
  throw new Error("B's snapshot does not settle")
}

describe.each(DATABASES)('project isolation on %s', (kind) => {
  let w: World
  let baseline: Record<string, string>

  beforeAll(async () => {
    w = await startIsolationWorld(kind)
    // B's alert went to B's channel, which failed: its retry waits for a clock that stands still
    await eventually(async () => {
      const path = `/api/v1/alerts/${w.b.alertId}/notifications`
      const r = await send(w.url, { method: 'GET', path }, w.bAdmin.headers())
      // biome-ignore lint/suspicious/noExplicitAny: a loosely read answer
      return r.json.items.some((d: any) => d.attempts > 0)
    }, 10_000)
    baseline = await stableSnapshot(w)
  }, 120_000)
  afterAll(async () => {
    await w?.stop()
  })

  it('has a case for every route and every ping endpoint the server answers', () => {
    const api = coverage(w.app.routes.api, API_CASES)
    const pings = coverage(
      w.app.routes.pingPrefixes.map((p) => ({ method: 'ANY', pattern: p })),
      Object.fromEntries(Object.keys(PING_CASES).map((k) => [`ANY ${k}`, true])),
    )
    expect([...api.uncovered, ...pings.uncovered]).toEqual([])
    expect([...api.stale, ...pings.stale]).toEqual([])
  })

  it("B's snapshot shows B's data to B's admin token (so a change would show)", () => {
    const all = JSON.stringify(baseline)
    const shown = [w.b.own.uuid, w.b.shared.uuid, 'BRAVO-ZQX report log', 'BRAVO-ZQX silence', w.b.channel]
    expect(shown.filter((s) => !all.includes(s))).toEqual([])
    // answered, or sent on (the sign-in page sends a signed-in user to the page asked for)
    expect(Object.keys(baseline).filter((k) => !/^(200|303) /.test(baseline[k]!))).toEqual([])
  })

  it.each(Object.keys(API_CASES))(
    '%s',
    async (route) => {
      const c = API_CASES[route]!
      const problems: string[] = []
      for (const caller of w.callers) {
        for (const variant of VARIANTS) {
          // aimed at B
          for (const probe of c.probes(w.b, w.a)) {
            const req = asSent(probe, variant, w.b.slug, caller)
            const answer = await send(w.url, req, caller.headers())
            const problem = judgeAimedAtB(probe, answer, req, w.b)
            if (problem) problems.push(`${caller.name}, ${variant}: ${req.method} ${req.path} → ${problem}`)
            if (c.signsOut) await caller.renew()
          }
          // the positive control: aimed at A
          const count = c.probes(w.a, w.a).length
          for (let i = 0; i < count; i++) {
            const target = c.destroys && expectedForA(c, caller) !== 403 ? await w.freshA() : w.a
            const probe = c.probes(target, w.a)[i]!
            const req = asSent(probe, variant, w.a.slug, caller)
            const answer = await send(w.url, req, caller.headers())
            const problem = judgeAimedAtA(c, caller, probe, answer, req, w.b)
            if (problem)
              problems.push(`${caller.name}, ${variant}, aimed at A: ${req.method} ${req.path} → ${problem}`)
            if (c.signsOut) await caller.renew()
          }
        }
      }
      // no principal of A may use it: the instance admin shows the requests themselves work
      if (c.need === 'instance_admin')
        for (const probe of c.probes(w.a, w.a)) {
          const answer = await send(
            w.url,
            asSent(probe, 'plain', w.a.slug, w.instanceAdmin),
            w.instanceAdmin.headers(),
          )
          const expected = probe.control ?? 200
          if (answer.status !== expected && !(expected === 200 && answer.status === 201))
            problems.push(
              `bootstrap token: ${probe.method} ${probe.path} → ${answer.status} (expected ${expected})`,
            )
        }
      await c.after?.(w)
      expect(problems).toEqual([])
      expect(changes(await snapshotB(w), baseline)).toEqual([])
    },
    // every principal × variant × request: slow on a loaded machine
    120_000,
  )

  it("pings: A's ping key and uuids reach A's jobs only", async () => {
    const runsOfA = async () =>
      (await w.asAdminA({ method: 'GET', path: `/api/v1/jobs/${w.a.shared.id}/runs?limit=500` })).json.items
        .length
    const before = await runsOfA()
    const problems: string[] = []
    for (const [prefix, make] of Object.entries(PING_CASES)) {
      for (const probe of make(w.a, w.b)) {
        const answer = await send(w.url, probe.req)
        const leaked = leaksOf(answer, probe.req, w.b)
        if (answer.status !== probe.status || leaked.length > 0)
          problems.push(
            `${prefix}, ${probe.why}: ${answer.status} (expected ${probe.status}) ${leaked.join(', ')}`,
          )
      }
    }
    expect(problems).toEqual([])
    expect(changes(await snapshotB(w), baseline)).toEqual([])
    // the slug both projects have went to A's job
    expect(await runsOfA()).toBe(before + 1)
  })

  // last: it changes B
  it("B's key with B's slug reaches B's job, and B's snapshot shows it", async () => {
    const answer = await send(w.url, {
      method: 'POST',
      path: `/ping/${w.b.pingKey}/${w.b.own.slug}`,
      body: '',
    })
    expect(answer.status).toBe(200)
    await eventually(async () => changes(await snapshotB(w), baseline).length > 0)
  })
})
