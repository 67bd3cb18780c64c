// The fleet benchmark of issue 4: servers, jobs and runs written straight into SQLite (the API
// would take hours for 10 M runs), then a real `backwatch serve` measured from outside:
// ingesting one run (POST /api/v1/runs, which re-evaluates its job), GET /api/v1/report and
// GET /metrics, and the server's RSS. A bare node:http server measured in the same run is the
// latency baseline. Prints numbers, asserts nothing.
import { execFileSync } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import Database from 'better-sqlite3'
import { serveArgs } from './serve-args.mjs'

const H = 3_600_000
const ENVS = ['production', 'staging', 'development']

export async function fleetBench(
  { ROOT, TOKEN, startProcess, stopProcess, rssMb },
  { servers, jobs, runsPerJob },
) {
  const dir = mkdtempSync(join(tmpdir(), 'backwatch-fleet-'))
  const dbPath = join(dir, 'bw.db')
  const serve = () => startProcess(serveArgs(ROOT, dbPath), { BACKWATCH_API_TOKEN: TOKEN })
  await stopProcess(await serve()) // creates the schema
  const filled = fill(dbPath, { servers, jobs, runsPerJob })

  const bw = await serve()
  const headers = { Authorization: `Bearer ${TOKEN}` }
  const ingest = []
  const count = 2000
  for (let i = 0; i < count + 200; i++) {
    const job = `job-${(i * 7919) % jobs}`
    const body = JSON.stringify({
      job,
      exit_code: 0,
      size_bytes: 5_000_000_000 + i,
      added_bytes: 1_000_000 + i,
    })
    const t0 = performance.now()
    const res = await fetch(`${bw.url}/api/v1/runs`, { method: 'POST', headers, body })
    await res.arrayBuffer()
    if (i >= 200) ingest.push(performance.now() - t0) // the first 200 warm the caches
    if (res.status !== 201) throw new Error(`POST /runs answered ${res.status}`)
  }
  const timed = async (path, n) => {
    const times = []
    let bytes = 0
    for (let i = 0; i < n; i++) {
      const t0 = performance.now()
      const res = await fetch(`${bw.url}${path}`, { headers })
      bytes = (await res.arrayBuffer()).byteLength
      times.push(performance.now() - t0)
      if (res.status !== 200) throw new Error(`GET ${path} answered ${res.status}`)
    }
    return { ms: quantile(times, 0.5), max: Math.max(...times), bytes }
  }
  const report = await timed('/api/v1/report', 5)
  const metrics = curlTimes(`${bw.url}/metrics`, TOKEN, 3)
  const rss = rssMb(bw.proc.pid)
  await stopProcess(bw)
  const tx = await transactionTimes(ROOT, dbPath, jobs)
  rmSync(dir, { recursive: true, force: true })
  return {
    servers,
    jobs,
    runs: jobs * runsPerJob,
    fillSeconds: filled,
    ingestP50: quantile(ingest, 0.5),
    ingestP99: quantile(ingest, 0.99),
    txP50: quantile(tx, 0.5),
    txP99: quantile(tx, 0.99),
    report,
    metrics,
    rss,
  }
}

export async function bareLatency({ ROOT, startProcess, stopProcess }, n = 2000) {
  const bare = await startProcess([join(ROOT, 'bench/bare-server.mjs')])
  const times = []
  for (let i = 0; i < n + 200; i++) {
    const t0 = performance.now()
    const res = await fetch(bare.url, { method: 'POST', body: '{}' })
    await res.arrayBuffer()
    if (i >= 200) times.push(performance.now() - t0)
  }
  await stopProcess(bare)
  return { p50: quantile(times, 0.5), p99: quantile(times, 0.99) }
}

/** GET with curl in its own process: a 160 MB body read by this process's fetch would time us. */
function curlTimes(url, token, n) {
  const times = []
  let bytes = 0
  for (let i = 0; i < n; i++) {
    const out = execFileSync(
      'curl',
      [
        '-s',
        '-o',
        '/dev/null',
        '-H',
        `Authorization: Bearer ${token}`,
        '-w',
        '%{time_total} %{size_download} %{http_code}',
        url,
      ],
      {
        encoding: 'utf8',
      },
    )
    const [total, size, code] = out.trim().split(' ')
    if (code !== '200') throw new Error(`GET ${url} answered ${code}`)
    times.push(Number(total) * 1000)
    bytes = Number(size)
  }
  return { ms: quantile(times, 0.5), max: Math.max(...times), bytes }
}

/** The same ingestion in-process, without HTTP: one report's transaction (apply + re-evaluate + commit). */
async function transactionTimes(ROOT, dbPath, jobs) {
  const { startBackwatch } = await import(join(ROOT, 'dist/server/start-backwatch.js'))
  const { applyRunReport } = await import(join(ROOT, 'dist/app/reports/apply-run-report.js'))
  const { emptyRunReport } = await import(join(ROOT, 'dist/ingest/run-report.js'))
  const { loadConfig } = await import(join(ROOT, 'dist/config/config.js'))
  const quiet = { info() {}, warn() {}, error() {}, debug() {} }
  // the real loader, so the bench follows the config's shape as it grows
  const configPath = join(dirname(dbPath), 'fleet.yaml')
  writeFileSync(configPath, '{}\n')
  const config = loadConfig({
    flags: { config: configPath, listen: '127.0.0.1:0', database: `sqlite:${dbPath}` },
    env: {},
    cwd: dirname(dbPath),
  })
  const app = await startBackwatch(config, { log: quiet })
  const times = []
  for (let i = 0; i < 2200; i++) {
    const report = {
      ...emptyRunReport(`job-${(i * 104729) % jobs}`),
      exitCode: 0,
      sizeBytes: 5e9 + i,
      addedBytes: 1e6,
    }
    const t0 = performance.now()
    await app.store
      .inProject(1)
      .transaction((tx) =>
        applyRunReport(tx, report, { now: Date.now(), logLimit: 100_000, jobDefaults: () => ({}) }),
      )
    if (i >= 200) times.push(performance.now() - t0)
  }
  await app.stop()
  return times
}

function quantile(values, q) {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]
}

/** Writes the fleet in bulk; returns the seconds it took. */
export function fill(dbPath, { servers, jobs, runsPerJob }) {
  const started = performance.now()
  const db = new Database(dbPath)
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = OFF')
  const now = Date.now()
  const insertServer = db.prepare(
    `insert into servers (name, environment, tags, heartbeat_timeout, last_heartbeat_at, offline_at, offline_since, created_at, updated_at)
     values (?, ?, '[]', 3600000, ?, ?, null, ?, ?)`,
  )
  db.transaction(() => {
    for (let s = 0; s < servers; s++) {
      insertServer.run(`srv-${s}`, ENVS[s % 3], now - 60_000, now - 60_000 + 3_600_000, now, now)
    }
  })()
  const insertJob = db.prepare(
    `insert into jobs (uuid, slug, name, server_id, environment, tags, tool, schedule_every, grace, warning_exit_codes,
      paused, status, last_ping_at, last_ping_failed, last_success_at, next_due_at, size_samples, runs_succeeded,
      last_status, created_at, updated_at)
     values (?, ?, ?, ?, ?, '[]', 'restic', 86400000, 3600000, '[]', 0, 'up', ?, 0, ?, ?, ?, ?, 'succeeded', ?, ?)`,
  )
  const samples = JSON.stringify(
    Array.from({ length: 20 }, (_, i) => ({ s: 5_000_000_000 + i, a: 1_000_000 })),
  )
  db.transaction(() => {
    for (let j = 0; j < jobs; j++) {
      const last = now - (j % 3600) * 1000
      insertJob.run(
        randomUUID(),
        `job-${j}`,
        `job ${j}`,
        (j % servers) + 1,
        ENVS[j % 3],
        last,
        last,
        last + 86_400_000,
        samples,
        runsPerJob,
        now - 90 * 86_400_000,
        now,
      )
    }
  })()
  const insertRun = db.prepare(
    `insert into runs (job_id, server_id, rid, kind, status, failure_kind, started_at, finished_at, sort_at, duration_ms,
      exit_code, size_bytes, added_bytes, files_total, files_new, files_changed, error, source, log, log_size, details, created_at)
     values (?, ?, null, 'backup', ?, null, ?, ?, ?, 60000, 0, ?, ?, 1000, 10, 5, null, 'api', null, 0, null, ?)`,
  )
  const setLast = db.prepare('update jobs set last_run_id = ? where id = ?')
  const batch = 200_000
  let written = 0
  const total = jobs * runsPerJob
  while (written < total) {
    db.transaction(() => {
      const end = Math.min(total, written + batch)
      for (let i = written; i < end; i++) {
        // run k of every job: the newest runs are the last ones written
        const k = Math.floor(i / jobs)
        const j = i % jobs
        const finished = now - (runsPerJob - k) * 86_400_000 + (j % 3600) * 1000
        const info = insertRun.run(
          j + 1,
          (j % servers) + 1,
          'succeeded',
          finished - 60_000,
          finished,
          finished,
          5e9 + k,
          1e6,
          now,
        )
        if (k === runsPerJob - 1) setLast.run(info.lastInsertRowid, j + 1)
      }
      written = end
    })()
  }
  const stats = db.prepare(
    'insert into run_stats (hour, status, n) values (?, ?, ?) on conflict do update set n = n + excluded.n',
  )
  db.transaction(() => {
    for (let h = 0; h < 24 * 7; h++)
      stats.run(Math.floor((now - h * H) / H) * H, 'succeeded', Math.round(jobs / 24))
  })()
  db.pragma('wal_checkpoint(TRUNCATE)')
  db.close()
  return (performance.now() - started) / 1000
}
