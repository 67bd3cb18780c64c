// Issue 10 A, must show: three real `backwatch serve` processes on one PostgreSQL database, 300
// jobs pinged through all of them (some right at their deadline), two instances killed with
// SIGKILL during the run (one restarted), a local webhook receiver. Checked from the database and
// the receiver: exactly one alert per missed episode and none stuck, run counters exact, every
// (alert, event) delivered at least once to both channels (the file's and one created through the
// API during the run), a second copy only across a kill, the first copy ≤ 5 s after the alert
// opened, and no deadlock in any instance's log.
import { randomUUID } from 'node:crypto'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import pg from 'pg'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { tempDir } from './support/app.js'
import { type ServerProcess, startServerProcess } from './support/child.js'
import { judgeEpisodes } from './support/fleet-episodes.js'
import { type Receiver, startReceiver } from './support/receiver.js'
import { adminQuery, withSearchPath } from './support/stores.js'

const PG_URL = process.env.BACKWATCH_TEST_PG_URL
if (!PG_URL && process.env.BACKWATCH_REQUIRE_REAL_TOOLS === '1') {
  throw new Error('BACKWATCH_REQUIRE_REAL_TOOLS=1 but BACKWATCH_TEST_PG_URL is not set')
}
if (!PG_URL) console.warn('several-instances test skipped: BACKWATCH_TEST_PG_URL not set')

const JOBS = 300
const EVERY_MS = 4_000
const GRACE_MS = 2_000
const WINDOW_MS = EVERY_MS + GRACE_MS
const RUN_MS = 24_000
const TOKEN = 'multi-instance-admin-token-0123456789'
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const rand = (lo: number, hi: number) => lo + Math.random() * (hi - lo)

interface Job {
  slug: string
  uuid: string
  /** regular | gap (one missed episode) | edge (pings at the deadline) */
  kind: 'regular' | 'gap' | 'edge'
}

const jobs: Job[] = Array.from({ length: JOBS }, (_, i) => ({
  slug: `j${String(i).padStart(3, '0')}`,
  uuid: randomUUID(),
  kind: i % 10 < 5 ? 'regular' : i % 10 < 8 ? 'gap' : 'edge',
}))

const schema = `bw_multi_${randomUUID().replaceAll('-', '').slice(0, 12)}`
let tmp: ReturnType<typeof tempDir>
let hook: Receiver
let args: string[]
const live: (ServerProcess | null)[] = [null, null, null]
const outputs: (() => string)[] = []
const kills: number[] = []

async function startInstance(i: number): Promise<void> {
  const server = await startServerProcess(args, { BACKWATCH_API_TOKEN: TOKEN }, undefined, 60_000)
  live[i] = server
  outputs.push(server.output)
}

async function kill(i: number): Promise<void> {
  const server = live[i]
  live[i] = null
  kills.push(Date.now())
  await server?.kill()
}

/** Acknowledged pings by rid: when each was answered OK. */
const acks = new Map<string, number>()

/**
 * Sends one success ping with its own rid, to the instance `k` picks or the next live one; a ping
 * cut by a kill is sent again (same rid) to another. A slow answer is waited for (its arrival
 * bounds when the ping committed).
 */
async function ping(job: Job, k: number): Promise<void> {
  const rid = randomUUID()
  for (let attempt = 0; attempt < 6; attempt++) {
    const server = live[(k + attempt) % 3]
    if (!server) continue
    try {
      const res = await fetch(`${server.url}/ping/${job.uuid}?rid=${rid}`, {
        method: 'POST',
        signal: AbortSignal.timeout(30_000),
      })
      if (res.status === 200) {
        acks.set(rid, Date.now())
        return
      }
    } catch {
      // killed under us: the next instance
    }
  }
}

async function pingLoop(job: Job, index: number, until: number): Promise<void> {
  let k = index
  let gapDone = false
  await sleep(rand(0, 2_000))
  while (Date.now() < until) {
    await ping(job, k++)
    let wait = rand(2_000, 3_200)
    if (job.kind === 'gap' && !gapDone && Date.now() > until - RUN_MS / 2 - rand(0, 3_000)) {
      gapDone = true
      wait = rand(8_000, 11_000)
    }
    // the next ping lands around its deadline (the evaluator and the ping race)
    if (job.kind === 'edge') wait = WINDOW_MS + rand(-150, 150)
    await sleep(Math.min(wait, Math.max(0, until - Date.now())))
  }
}

beforeAll(async () => {
  if (!PG_URL) return
  tmp = tempDir()
  hook = await startReceiver()
  await adminQuery(PG_URL, `create schema ${schema}`)
  const config = [
    'channels:',
    `  - {name: file-hook, type: webhook, url: "${hook.url}/file"}`,
    'jobs:',
    ...jobs.map((j) => `  - {slug: ${j.slug}, uuid: ${j.uuid}, schedule: {every: 4s}, grace: 2s}`),
  ].join('\n')
  writeFileSync(join(tmp.dir, 'backwatch.yaml'), config)
  args = [
    '--listen',
    '127.0.0.1:0',
    '--database',
    withSearchPath(PG_URL, schema),
    '--config',
    join(tmp.dir, 'backwatch.yaml'),
  ]
  await startInstance(0)
  await Promise.all([startInstance(1), startInstance(2)])
}, 60_000)

afterAll(async () => {
  if (!PG_URL) return
  for (const s of live) await s?.stop()
  await hook?.close()
  await adminQuery(PG_URL, `drop schema if exists ${schema} cascade`)
  tmp?.cleanup()
})

it.skipIf(!PG_URL)(
  'three instances with kills: one alert per missed episode, none stuck, every notification delivered',
  async () => {
    // A channel created through one instance is routed by all of them at once.
    const created = await fetch(`${live[1]!.url}/api/v1/channels`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'api-hook', type: 'webhook', url: `${hook.url}/api` }),
    })
    expect(created.status).toBe(201)

    const started = Date.now()
    const until = started + RUN_MS
    const loops = jobs.map((j, i) => pingLoop(j, i, until))
    await sleep(8_000)
    await kill(1)
    await sleep(2_000)
    await startInstance(1)
    await sleep(Math.max(0, started + 16_000 - Date.now()))
    await kill(2)
    await Promise.all(loops)
    // Every job now misses its deadline together: 300 alerts to open and deliver at once.
    const db = new pg.Client({ connectionString: withSearchPath(PG_URL!, schema) })
    await db.connect()
    try {
      const deadline = Date.now() + 30_000
      let missing = Number.POSITIVE_INFINITY
      while (Date.now() < deadline) {
        const { rows } = await db.query<{ n: string }>(
          `select (select count(*) from jobs where status <> 'down') + (select count(*) from alerts a
             cross join (values ('file-hook'), ('api-hook')) as c(name)
             where not exists (select 1 from deliveries d where d.alert_id = a.id and d.channel = c.name and d.status = 'sent' and d.transition = 'opened')
                or (a.status = 'resolved' and not exists (select 1 from deliveries d where d.alert_id = a.id and d.channel = c.name and d.status = 'sent' and d.transition = 'resolved'))) as n`,
        )
        missing = Number(rows[0]!.n)
        if (missing === 0) break
        await sleep(500)
      }
      await sleep(1_000)

      const runs = await db.query<{ slug: string; rid: string; finished_at: string }>(
        `select j.slug, r.rid, min(r.finished_at) as finished_at from runs r join jobs j on j.id = r.job_id
          where r.status = 'succeeded' group by j.slug, r.rid`,
      )
      const alerts = await db.query<{
        id: string
        slug: string
        status: string
        opened_at: string
        resolved_at: string | null
      }>(
        `select a.id, j.slug, a.status, a.opened_at, a.resolved_at from alerts a join jobs j on j.id = a.job_id where a.type = 'job.missed'`,
      )
      const other = await db.query(
        `select type, count(*) from alerts where type <> 'job.missed' group by type`,
      )
      expect(other.rows).toEqual([])
      const problems: string[] = []
      const latencies: number[] = []
      let episodes = 0
      let unanswered = 0
      for (const job of jobs) {
        // a ping committed but never answered (cut by a kill) was sent again and answered then
        const pings = runs.rows
          .filter((r) => r.slug === job.slug)
          .map((r) => ({ at: Number(r.finished_at), ackAt: acks.get(r.rid) ?? Number.NaN }))
        unanswered += pings.filter((p) => Number.isNaN(p.ackAt)).length
        const own = alerts.rows
          .filter((a) => a.slug === job.slug)
          .map((a) => ({
            openedAt: Number(a.opened_at),
            resolvedAt: a.resolved_at === null ? null : Number(a.resolved_at),
          }))
        const verdict = judgeEpisodes(
          pings.filter((p) => !Number.isNaN(p.ackAt)),
          own,
          WINDOW_MS,
          1_000,
        )
        problems.push(...verdict.problems.map((p) => `${job.slug} (${job.kind}): ${p}`))
        latencies.push(...verdict.latencies)
        episodes += verdict.episodes
      }
      // Run counters are increments: none lost when instances took one job's pings.
      const counters = await db.query(
        `select j.slug from jobs j where j.runs_succeeded <> (select count(*) from runs r where r.job_id = j.id and r.status = 'succeeded')`,
      )
      const stuck = await db.query(
        `select j.slug from jobs j where (j.status = 'down') <> exists (select 1 from alerts a where a.job_id = j.id and a.status = 'active')`,
      )

      // Deliveries, as the receiver saw them.
      const seen = new Map<string, number[]>()
      for (const r of hook.requests) {
        const m = /-(\d+)-(opened|resolved)-(file-hook|api-hook)$/.exec(String(r.headers['webhook-id']))
        if (!m) continue
        const key = `${r.path}|${m[1]}-${m[2]}-${m[3]}`
        seen.set(key, [...(seen.get(key) ?? []), r.at])
      }
      const undelivered: string[] = []
      const late: number[] = []
      const firstDelays: number[] = []
      for (const a of alerts.rows) {
        const events: [string, number][] = [['opened', Number(a.opened_at)]]
        if (a.resolved_at !== null) events.push(['resolved', Number(a.resolved_at)])
        for (const path of ['/file', '/api']) {
          for (const [event, at] of events) {
            const times = seen.get(`${path}|${a.id}-${event}-${path === '/file' ? 'file-hook' : 'api-hook'}`)
            if (!times) {
              undelivered.push(`${a.slug} alert ${a.id} ${event} ${path}`)
              continue
            }
            firstDelays.push(times[0]! - at)
            if (times[0]! - at > 5_000) late.push(times[0]! - at)
          }
        }
      }
      const duplicates = [...seen.entries()].filter(([, t]) => t.length > 1)
      const unexplained = duplicates.filter(([, t]) => !kills.some((k) => t[0]! <= k && t.at(-1)! >= k))
      const logs = outputs.map((o) => o()).join('\n')
      const deadlocks = logs.split('\n').filter((l) => /deadlock/i.test(l))

      const pct = (xs: number[], p: number) =>
        [...xs].sort((x, y) => x - y)[Math.floor((xs.length - 1) * p)] ?? 0
      console.log(
        `several instances: ${runs.rows.length} successful pings, ${alerts.rows.length} job.missed alerts for ${episodes} clear episodes, ` +
          `deadline→alert p50 ${pct(latencies, 0.5)} ms p90 ${pct(latencies, 0.9)} ms max ${pct(latencies, 1)} ms; ` +
          `first delivery p50 ${pct(firstDelays, 0.5)} ms p90 ${pct(firstDelays, 0.9)} ms max ${pct(firstDelays, 1)} ms; ` +
          `${hook.requests.length} webhooks, ${duplicates.length} duplicated (across a kill), kills at ${kills.map((k) => k - started).join(', ')} ms`,
      )
      expect(problems).toEqual([])
      // every answered ping was stored (and those cut by a kill were answered when sent again)
      expect(unanswered).toBe(0)
      expect(runs.rows.length).toBe(acks.size)
      expect(episodes).toBeGreaterThan(JOBS)
      expect(counters.rows).toEqual([])
      expect(stuck.rows).toEqual([])
      expect(undelivered).toEqual([])
      expect(late).toEqual([])
      expect(unexplained.map(([k]) => k)).toEqual([])
      expect(deadlocks).toEqual([])
      expect(pct(latencies, 0.9)).toBeLessThanOrEqual(1_000)
    } finally {
      await db.end()
    }
  },
  120_000,
)
