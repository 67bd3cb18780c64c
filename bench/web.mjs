// The dashboard with 10 000 jobs (issue 13): a real `backwatch serve` over a SQLite file filled in
// bulk (fleet.mjs), signed in through the form, then GET /, /jobs, a filtered and a second page,
// a job page of a job with 8640 runs in 30 days and a run page with a 100 KB log (the default
// ping_body_limit), timed from outside (loopback: an upper bound of the server's time) with their HTML sizes, and
// the bundled JS and CSS gzipped. Prints numbers, asserts nothing.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { fill } from './fleet.mjs'
import { serveArgs } from './serve-args.mjs'

const PASSWORD = 'bench-password-0123456789'

function quantile(values, q) {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]
}

async function signIn(url) {
  const form = await fetch(`${url}/login`)
  const token = /name="_csrf" value="([^"]+)"/.exec(await form.text())[1]
  const res = await fetch(`${url}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      cookie: form.headers.getSetCookie()[0].split(';')[0],
    },
    body: new URLSearchParams({ _csrf: token, username: 'admin', password: PASSWORD }),
  })
  return res.headers
    .getSetCookie()
    .find((c) => c.startsWith('backwatch_session='))
    .split(';')[0]
}

/**
 * job-1 runs every 5 minutes: 8640 more runs in its last 30 days (every 50th failed), the newest
 * failed one with a log of 100 KB (the default ping_body_limit). Returns that run's id.
 */
function busyJob(db) {
  const now = Date.now()
  const insert = db.prepare(
    `insert into runs (job_id, server_id, rid, kind, status, failure_kind, started_at, finished_at, sort_at, duration_ms,
      exit_code, size_bytes, added_bytes, files_total, files_new, files_changed, error, source, log, log_size, details, created_at)
     values (1, 1, null, 'backup', ?, null, ?, ?, ?, 60000, 0, ?, 1000000, 1000, 10, 5, ?, 'api', ?, ?, null, ?)`,
  )
  const log = Buffer.from(
    Array.from({ length: 2_000 }, (_, i) => `line ${i}: <checking> chunk ${i * 7919} & more`)
      .join('\n')
      .slice(0, 100_000),
  )
  let logRun = 0
  db.transaction(() => {
    for (let i = 8640; i >= 1; i--) {
      const finished = now - i * 300_000
      const failed = i % 50 === 0
      const withLog = i === 50
      const info = insert.run(
        failed ? 'failed' : 'succeeded',
        finished - 60_000,
        finished,
        finished,
        5e9 + i,
        failed ? 'repository locked' : null,
        withLog ? log : null,
        withLog ? log.length : 0,
        now,
      )
      if (withLog) logRun = Number(info.lastInsertRowid)
    }
  })()
  return logRun
}

export async function webBench({ ROOT, startProcess, stopProcess }, { servers = 500, jobs = 10_000 } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'backwatch-web-'))
  const dbPath = join(dir, 'bw.db')
  const env = { BACKWATCH_ADMIN_PASSWORD: PASSWORD }
  await stopProcess(await startProcess(serveArgs(ROOT, dbPath), env)) // schema and the admin
  fill(dbPath, { servers, jobs, runsPerJob: 2 })
  const db = new Database(dbPath)
  // every 40th job failed, every 97th late: the lists have a worst to put first
  db.exec(`update jobs set status = 'down', down_reason = 'failed', last_ping_failed = 1 where id % 40 = 0;
    update jobs set status = 'grace' where id % 97 = 0 and status = 'up'`)
  const logRun = busyJob(db)
  db.close()
  const bw = await startProcess(serveArgs(ROOT, dbPath), env)
  const cookie = await signIn(bw.url)
  const timed = async (path, n = 20) => {
    const times = []
    let body = ''
    for (let i = 0; i < n + 3; i++) {
      const t0 = performance.now()
      const res = await fetch(`${bw.url}${path}`, { headers: { cookie } })
      body = await res.text()
      if (res.status !== 200) throw new Error(`GET ${path} answered ${res.status}`)
      if (i >= 3) times.push(performance.now() - t0)
    }
    return { path, p50: quantile(times, 0.5), max: Math.max(...times), bytes: Buffer.byteLength(body), body }
  }
  const overview = await timed('/')
  const list = await timed('/jobs')
  const next = /href="(\/jobs\?cursor=[^"]+)"/.exec(list.body)?.[1]?.replaceAll('&amp;', '&')
  const pages = [
    overview,
    list,
    ...(next ? [await timed(next)] : []),
    await timed('/jobs?status=down&env=production'),
    await timed('/jobs?q=job-99'),
    await timed('/jobs/job-1'),
    await timed(`/runs/${logRun}`),
  ]
  const assets = {}
  for (const kind of ['js', 'css']) {
    const href = new RegExp(`"(/assets/app\\.[0-9a-f]+\\.${kind})"`).exec(overview.body)[1]
    const res = await fetch(`${bw.url}${href}`, { headers: { 'accept-encoding': 'gzip' } })
    assets[kind] = Number(res.headers.get('content-length'))
    await res.arrayBuffer()
  }
  await stopProcess(bw)
  rmSync(dir, { recursive: true, force: true })
  return { servers, jobs, pages: pages.map(({ body, ...p }) => p), assets }
}
