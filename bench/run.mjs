// npm run bench: ping throughput/latency against a bare node:http baseline measured in the same
// run, the evaluator's deadline-to-alert latency with 100 000 jobs, run reports, notifications,
// the fleet, ping latency while one big request is processed, the HTTP fuzz and the dashboard
// with 10 000 jobs. Prints ratios and counts, asserts nothing. BENCH_SKIP_<SECTION>=1 leaves a
// section out.
import { spawn } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import autocannon from 'autocannon'
import Database from 'better-sqlite3'
import { bareLatency, fleetBench } from './fleet.mjs'
import { fuzzBench } from './fuzz.mjs'
import { notifyBench } from './notify.mjs'
import { drainBench } from './notify-drain.mjs'
import { jobsConfig, spreadOver, withCpu } from './ping-load.mjs'
import { pgPingBench } from './ping-pg.mjs'
import { reportsBench } from './reports.mjs'
import { requestCapsBench } from './request-caps.mjs'
import { serveArgs } from './serve-args.mjs'
import { webBench } from './web.mjs'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const DURATION = Number(process.env.BENCH_SECONDS ?? 10)
const TOKEN = 'bench-admin-token-0123456789abcdef'

function startProcess(args, env = {}) {
  const proc = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  return new Promise((resolve, reject) => {
    let out = ''
    proc.stdout.on('data', (d) => {
      out += d
      const m = out.match(/listening on (http:\/\/\S+)/)
      if (m) resolve({ proc, url: m[1] })
    })
    proc.once('exit', (code) => reject(new Error(`exited ${code}: ${out}`)))
  })
}

async function stopProcess(p) {
  const exited = new Promise((r) => p.proc.once('exit', r))
  p.proc.kill('SIGTERM')
  await exited
}

function rssMb(pid) {
  const m = readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+) kB/)
  return m ? Number(m[1]) / 1024 : Number.NaN
}

function load(url, opts = {}) {
  return new Promise((resolve, reject) => {
    autocannon(
      { url, connections: 50, duration: DURATION, method: 'POST', body: 'backup ok\n', ...opts },
      (err, r) => (err ? reject(err) : resolve(r)),
    )
  })
}

function summary(r) {
  return {
    rps: Math.round(r.requests.average),
    p50: r.latency.p50,
    p99: r.latency.p99,
    errors: r.errors + r.timeouts + (r.non2xx ?? 0),
    requests: r.requests.total,
  }
}

/** Load on `url` with the server's CPU time per request (see ping-load.mjs). */
function measured(server, url, opts = {}) {
  return withCpu(server.proc.pid, async () => {
    const result = await load(url, opts)
    return { result, summary: summary(result) }
  })
}

/** One SQLite serve with `jobs` jobs: the pings spread over them, and the runs committed. */
async function sqlitePings(jobs) {
  const dir = mkdtempSync(join(tmpdir(), 'backwatch-bench-'))
  const { yaml, uuids } = jobsConfig(jobs)
  writeFileSync(join(dir, 'backwatch.yaml'), yaml)
  const bw = await startProcess(serveArgs(ROOT, join(dir, 'bw.db'), join(dir, 'backwatch.yaml')), {
    BACKWATCH_API_TOKEN: TOKEN,
  })
  const url = `${bw.url}/ping/${uuids[0]}`
  await load(url, { duration: 2, ...spreadOver(uuids) })
  const pings = await measured(bw, url, spreadOver(uuids))
  const rss = rssMb(bw.proc.pid)
  await stopProcess(bw)
  const db = new Database(join(dir, 'bw.db'), { readonly: true })
  const runs = db.prepare('select count(*) n from runs').get().n
  db.close()
  rmSync(dir, { recursive: true, force: true })
  return { pings, rss, runs }
}

/** `p` against the bare server measured just before and just after it (the VM's speed drifts). */
function pingLine(label, p, around, goal) {
  const bare = (around[0].rps + around[1].rps) / 2
  const ratio = (p.rps / bare).toFixed(2)
  return `${label.padEnd(34)} ${String(p.rps).padStart(6)} req/s  p50 ${p.p50} ms  p99 ${p.p99} ms  errors ${p.errors}  cpu ${p.cpuUs}${p.pgCpuUs === undefined ? '' : ` + PostgreSQL ${p.pgCpuUs}`} µs/req  ratio ${ratio}${goal ? ` (goal >= ${goal})` : ''}  [bare ${around[0].rps} / ${around[1].rps}]`
}

/**
 * Each Backwatch section's ratio is taken against the bare server measured right before and right
 * after it: on a shared VM the speed of both moves by a third within minutes, so a baseline
 * measured once at the start would turn that drift into the ratio.
 */
async function pingBench() {
  const bare = await startProcess([join(ROOT, 'bench/bare-server.mjs')])
  const bareRuns = []
  const measureBare = async () => {
    const b = await measured(bare, bare.url)
    bareRuns.push(b)
    return b
  }
  try {
    await load(bare.url, { duration: 2 }) // warm-up
    await measureBare()
    const one = await sqlitePings(1)
    await measureBare()
    const fleet = await sqlitePings(50)
    await measureBare()

    console.log('\n== POST /ping/<uuid>, 50 connections, keep-alive, small body ==')
    for (const b of bareRuns)
      console.log(
        `${'bare node:http'.padEnd(34)} ${String(b.rps).padStart(6)} req/s  p50 ${b.p50} ms  p99 ${b.p99} ms  cpu ${b.cpuUs} µs/req`,
      )
    console.log(
      pingLine('backwatch (SQLite), one job', one.pings, bareRuns.slice(0, 2), 0.5) +
        `  rss ${one.rss.toFixed(0)} MB`,
    )
    console.log(pingLine('backwatch (SQLite), 50 jobs', fleet.pings, bareRuns.slice(1, 3)))
    console.log(
      `p99 goal <= 10 ms (one job); runs committed ${one.runs} + ${fleet.runs} (every answered ping is a committed run)`,
    )

    const onPg = await pgPingBench({ ROOT, TOKEN, startProcess, stopProcess, load, measured, measureBare })
    if (onPg.skipped) {
      console.log(`PostgreSQL skipped: ${onPg.skipped}`)
      return
    }
    const [afterOne, afterFleet] = onPg.bare
    console.log(pingLine('backwatch (PostgreSQL), one job', onPg.one, [bareRuns[2], afterOne], 0.25))
    console.log(pingLine('backwatch (PostgreSQL), 50 jobs', onPg.fleet, [afterOne, afterFleet]))
    console.log(`runs committed ${onPg.runs} (every answered ping is a committed run)`)
  } finally {
    await stopProcess(bare)
  }
}

async function evaluatorBench(jobCount = 100_000) {
  const dir = mkdtempSync(join(tmpdir(), 'backwatch-bench-'))
  const dbPath = join(dir, 'bw.db')
  // Create the schema by starting once, then fill it directly (much faster than the API).
  const first = await startProcess(serveArgs(ROOT, dbPath), { BACKWATCH_API_TOKEN: TOKEN })
  await stopProcess(first)
  const db = new Database(dbPath)
  const now = Date.now()
  const far = now + 30 * 86_400_000
  const insert =
    db.prepare(`insert into jobs (uuid, slug, name, tags, tool, schedule_every, grace, warning_exit_codes,
    paused, status, last_ping_at, last_ping_failed, last_success_at, next_due_at, created_at, updated_at)
    values (?, ?, ?, '[]', 'generic', 86400000, 3600000, '[]', 0, 'up', ?, 0, ?, ?, ?, ?)`)
  db.transaction(() => {
    for (let i = 0; i < jobCount; i++) {
      const last = now - (i % 1000) * 1000
      insert.run(randomUUID(), `job-${i}`, `job ${i}`, last, last, far - i, now, now)
    }
  })()
  // One job whose grace ends a few seconds after the server starts.
  const deadline = Date.now() + 4000
  db.prepare(
    `update jobs set last_ping_at = ?, last_success_at = ?, schedule_every = 2000, grace = ?, next_due_at = ? where slug = 'job-0'`,
  ).run(deadline - 3000, deadline - 3000, 1000, deadline)
  db.close()
  const bw = await startProcess(serveArgs(ROOT, dbPath), { BACKWATCH_API_TOKEN: TOKEN })
  let opened = null
  while (opened === null && Date.now() < deadline + 10_000) {
    await new Promise((r) => setTimeout(r, 50))
    const res = await fetch(`${bw.url}/api/v1/alerts?status=active&type=job.missed`, {
      headers: { Authorization: `Bearer ${TOKEN}` },
    })
    const body = await res.json()
    if (body.items?.length) opened = true
  }
  const rss = rssMb(bw.proc.pid)
  await stopProcess(bw)
  if (opened) {
    // The API shows whole seconds; the database has the exact instant.
    const check = new Database(dbPath, { readonly: true })
    opened = check.prepare(`select opened_at from alerts where type = 'job.missed'`).get().opened_at
    check.close()
  }
  rmSync(dir, { recursive: true, force: true })
  console.log(`\n== evaluator with ${jobCount} jobs ==`)
  console.log(
    `deadline -> job.missed opened: ${opened === null ? 'NOT OPENED' : `${opened - deadline} ms`} (goal <= 1000 ms)`,
  )
  console.log(`server RSS at ${jobCount} jobs: ${rss.toFixed(0)} MB`)
}

async function fleet() {
  const ctx = { ROOT, TOKEN, startProcess, stopProcess, rssMb }
  const bare = await bareLatency(ctx)
  const scales = (process.env.BENCH_FLEET_SCALES ?? '1000:10000:100,10000:100000:100')
    .split(',')
    .map((s) => s.split(':').map(Number))
  const results = []
  for (const [servers, jobs, runsPerJob] of scales) {
    const r = await fleetBench(ctx, { servers, jobs, runsPerJob })
    results.push(r)
    console.log(
      `\n== fleet: ${servers} servers, ${jobs} jobs, ${r.runs} runs in SQLite (filled in ${r.fillSeconds.toFixed(0)} s) ==`,
    )
    console.log(
      `bare node:http POST, sequential  p50 ${bare.p50.toFixed(2)} ms  p99 ${bare.p99.toFixed(2)} ms`,
    )
    console.log(
      `POST /api/v1/runs over HTTP       p50 ${r.ingestP50.toFixed(2)} ms  p99 ${r.ingestP99.toFixed(2)} ms (${(r.ingestP99 / bare.p99).toFixed(1)}x the bare p99)`,
    )
    console.log(
      `one run: apply + re-evaluate + commit (in-process) p50 ${r.txP50.toFixed(2)} ms  p99 ${r.txP99.toFixed(2)} ms (goal p99 < 2 ms)`,
    )
    console.log(
      `GET /api/v1/report               ${r.report.ms.toFixed(0)} ms (max ${r.report.max.toFixed(0)}; goal < 1000 ms)`,
    )
    console.log(
      `GET /metrics                      ${r.metrics.ms.toFixed(0)} ms (max ${r.metrics.max.toFixed(0)}; ${(r.metrics.bytes / 1e6).toFixed(0)} MB; goal < 2000 ms)`,
    )
    console.log(`server RSS                        ${r.rss.toFixed(0)} MB (goal < 512 MB)`)
  }
  if (results.length >= 2) {
    const [a, b] = [results[0], results[results.length - 1]]
    const f = b.jobs / a.jobs
    console.log(`\n== growth ${a.jobs} -> ${b.jobs} jobs (x${f}) ==`)
    console.log(
      `ingest p99 x${(b.ingestP99 / a.ingestP99).toFixed(2)}, report x${(b.report.ms / a.report.ms).toFixed(2)}, metrics x${(b.metrics.ms / a.metrics.ms).toFixed(2)}, RSS x${(b.rss / a.rss).toFixed(2)} (linear = x${f})`,
    )
  }
}

async function notify() {
  const r = await notifyBench({ ROOT, TOKEN, startProcess, stopProcess })
  console.log('\n== notifications to a local webhook sink ==')
  console.log(
    `alert opened -> first delivery, one at a time: p50 ${r.idleP50} ms  p99 ${r.idleP99} ms (goal p99 < 1000 ms)`,
  )
  console.log(
    `${r.burst} alerts opened at once: all delivered in ${r.burstSeconds.toFixed(2)} s = ${r.perSecond.toFixed(0)} deliveries/s (opening -> delivery p99 ${r.burstP99} ms; the reports alone took ${r.reportsSeconds.toFixed(2)} s)`,
  )
  const drain = await drainBench({ ROOT })
  console.log(
    `outbox drain, ${drain.count} deliveries pending at once (dispatcher alone): ${drain.seconds.toFixed(2)} s = ${drain.perSecond.toFixed(0)} deliveries/s (${drain.arrived} arrived, ${drain.pending} left)`,
  )
}

async function web() {
  const r = await webBench({ ROOT, startProcess, stopProcess })
  console.log(`\n== dashboard: ${r.servers} servers, ${r.jobs} jobs (signed-in GET over loopback) ==`)
  for (const p of r.pages) {
    const path = p.path.length > 40 ? `${p.path.slice(0, 37)}...` : p.path
    console.log(
      `GET ${path.padEnd(40)} p50 ${p.p50.toFixed(1)} ms  max ${p.max.toFixed(1)} ms  ${(p.bytes / 1024).toFixed(1)} KB${
        /^\/(jobs\/|runs\/)/.test(p.path) ? '' : ' (goal <= 150 ms, <= 100 KB)'
      }`,
    )
  }
  console.log(
    `assets gzipped: JS ${(r.assets.js / 1024).toFixed(1)} KB (goal <= 30 KB), CSS ${(r.assets.css / 1024).toFixed(1)} KB`,
  )
}

if (!process.env.BENCH_SKIP_PING) await pingBench()
if (!process.env.BENCH_SKIP_EVAL) await evaluatorBench()
async function reports() {
  const r = await reportsBench({ ROOT, TOKEN, startProcess, stopProcess }, { seconds: DURATION })
  console.log('\n== run reports (POST /api/v1/runs) ==')
  console.log(
    `2000 reports one at a time: ${r.sequential.toFixed(0)}/s; 50 concurrent reporters for ${r.seconds} s (${r.total} reports): ${r.concurrent.toFixed(0)}/s (goal >= 2000/s; x${(r.concurrent / r.sequential).toFixed(1)}: concurrent reports share a transaction)`,
  )
}

if (!process.env.BENCH_SKIP_REPORTS) await reports()

async function requestCaps() {
  const r = await requestCapsBench({ ROOT, TOKEN, startProcess, stopProcess })
  const line = (label, p) =>
    `${label} ping p50 ${p.p50.toFixed(1)} ms  p99 ${p.p99.toFixed(1)} ms  max ${p.max.toFixed(1)} ms (${p.n} pings)`
  console.log('\n== one big request and the pings meanwhile (goal: every ping within 50 ms) ==')
  console.log(line('idle                                        ', r.idle))
  console.log(
    line(`status file at the limits (${r.max.runs} runs, ${r.max.mb.toFixed(1)} MB) `, r.max.pings) +
      `; answered ${r.max.status} in ${r.max.ms.toFixed(0)} ms`,
  )
  console.log(
    line(`50 000-profile status file (${r.old.mb.toFixed(1)} MB)          `, r.old.pings) +
      `; answered ${r.old.status} in ${r.old.ms.toFixed(0)} ms`,
  )
  console.log(
    line(`snapshot list, 40 000 snapshots (${r.snapshots.mb.toFixed(1)} MB)`, r.snapshots.pings) +
      `; answered ${r.snapshots.status} in ${r.snapshots.ms.toFixed(0)} ms`,
  )
}

if (!process.env.BENCH_SKIP_CAPS) await requestCaps()
if (!process.env.BENCH_SKIP_NOTIFY) await notify()
if (!process.env.BENCH_SKIP_FLEET) await fleet()
if (!process.env.BENCH_SKIP_WEB) await web()

async function fuzz() {
  const count = Number(process.env.BENCH_FUZZ_REQUESTS ?? 100_000)
  const seed = Number(process.env.BENCH_FUZZ_SEED ?? 20261204)
  const r = await fuzzBench({ ROOT, TOKEN, startProcess, stopProcess }, { count, seed })
  const { report } = r
  console.log(
    `\n== fuzz: ${report.requests} requests over every route (seed ${seed}) in ${r.seconds.toFixed(0)} s ==`,
  )
  console.log(
    `5xx ${report.fiveXXCount}  unanswered (hang) ${report.hangs.length}  crashed ${r.crashed ? 'YES' : 'no'}  /healthz after: ${r.healthz}`,
  )
  console.log(
    `valid pings: ${r.answered} answered 2xx, ${report.pingsRefused.length} not; runs stored ${r.stored} (expected ${r.answered})`,
  )
  console.log(
    `statuses ${JSON.stringify(report.statuses)} (502: a channel test sent to a receiver that is not there, ${report.testSendsFailed})`,
  )
  console.log(
    `client-side errors ${JSON.stringify(report.clientErrors)} (a connection closed on a refused body)`,
  )
  console.log(`server log lines: ${r.log.error} error, ${r.log.warn} warn, ${r.log.info} info`)
  for (const line of [
    ...report.fiveXX,
    ...report.hangs.slice(0, 10),
    ...report.pingsRefused.slice(0, 10),
    ...r.log.errors,
  ])
    console.log(`  ${line}`)
}

if (!process.env.BENCH_SKIP_FUZZ) await fuzz()
