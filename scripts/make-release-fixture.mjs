#!/usr/bin/env node
// Makes the databases the upgrade test starts from: run once with a release's build
// (`npm run build` at that release), never in CI. It serves that release against a fresh SQLite
// file and a fresh PostgreSQL schema, fills both through the public API and ping URLs (jobs,
// servers, runs, alerts, channels, silences, policies, tokens), stops, and writes
//   test/fixtures/release-<version>/backwatch.db        (the SQLite file)
//   test/fixtures/release-<version>/backwatch-pg.sql    (pg_dump of the schema, owner-free)
// Usage: node scripts/make-release-fixture.mjs [postgres://postgres@127.0.0.1:5432/test]
import { execFileSync, spawn } from 'node:child_process'
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const ROOT = new URL('..', import.meta.url).pathname
const VERSION = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version
const OUT = join(ROOT, 'test/fixtures', `release-${VERSION}`)
const PG = process.argv[2] ?? 'postgres://postgres@127.0.0.1:5432/test'
const SCHEMA = 'bw_release_fixture'
const TOKEN = 'release-fixture-admin-token-0123456789'

const CONFIG = `
ping_key: fixturepingkey0123456789
tokens:
  - {name: ci-reader, scope: read, token: release-fixture-read-token-0123456789}
policies:
  production: {max_age: 26h, retention: {min_history: 7d, min_daily: 7}}
servers:
  - {name: db-01, environment: production, heartbeat_timeout: 10m}
jobs:
  - {slug: db-01-nightly, server: db-01, environment: production, tool: borgmatic, schedule: {every: 1d}, grace: 1h,
     retention: {keep_daily: 7, keep_weekly: 4}}
channels:
  - {name: file-hook, type: webhook, url: "http://127.0.0.1:9/hook"}
silences:
  - {name: weekend, starts_at: "2026-01-01T00:00:00Z", ends_at: "2026-01-02T00:00:00Z", match: {environment: [staging]}}
`

function serve(database, dir) {
  writeFileSync(join(dir, 'backwatch.yaml'), CONFIG)
  const proc = spawn(
    process.execPath,
    [
      join(ROOT, 'bin/backwatch.js'),
      'serve',
      '--config',
      join(dir, 'backwatch.yaml'),
      '--listen',
      '127.0.0.1:0',
      '--database',
      database,
    ],
    { env: { ...process.env, BACKWATCH_API_TOKEN: TOKEN }, stdio: ['ignore', 'pipe', 'inherit'] },
  )
  return new Promise((resolve, reject) => {
    let out = ''
    proc.stdout.on('data', (d) => {
      out += d
      const m = /listening on (http:\/\/\S+)/.exec(out)
      if (m) resolve({ url: m[1], proc })
    })
    proc.on('exit', (code) => reject(new Error(`serve exited ${code}`)))
  })
}

async function call(url, method, path, body) {
  const res = await fetch(url + path, {
    method,
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await res.text()
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${text}`)
  return text ? JSON.parse(text) : null
}

async function fill(url) {
  const staging = await call(url, 'POST', '/api/v1/jobs', {
    slug: 'web-01-files',
    name: 'web files',
    server: 'web-01',
    environment: 'staging',
    tool: 'restic',
    schedule: { cron: '0 3 * * *', tz: 'Europe/Berlin' },
    grace: '2h',
  })
  await call(url, 'POST', '/api/v1/jobs', { slug: 'paused-job', schedule: { every: '1h' } })
  await call(url, 'POST', '/api/v1/jobs/paused-job/pause')
  const nightly = await call(url, 'GET', '/api/v1/jobs/db-01-nightly')
  // a success with a log, a failure (opens job.failed), a start left open, an exit status
  await fetch(`${url}/ping/${nightly.uuid}`, { method: 'POST', body: 'archive ok' })
  await fetch(`${url}/ping/${staging.uuid}/start`)
  await fetch(`${url}/ping/${staging.uuid}/fail`, {
    method: 'POST',
    body: 'Fatal: unable to open repository',
  })
  await fetch(
    `${url}/ping/fixturepingkey0123456789/db-01-nightly/start?rid=3f1c7a52-5a7e-4b8e-9a41-2d1f0c3e4b5a`,
  )
  await fetch(`${url}/ping/fixturepingkey0123456789/auto-created?create=1`)
  await call(url, 'POST', '/api/v1/runs', {
    job: 'db-01-nightly',
    server: 'db-01',
    kind: 'check',
    status: 'succeeded',
    started_at: '2026-11-30T01:00:00Z',
    finished_at: '2026-11-30T01:20:00Z',
    size_bytes: 123456789,
  })
  await call(url, 'POST', '/api/v1/servers/db-01/heartbeat')
  await call(url, 'POST', '/api/v1/channels', {
    name: 'api-slack',
    type: 'slack',
    url: 'https://hooks.slack.com/services/T/B/x',
  })
  await call(url, 'PUT', '/api/v1/policies/staging', { max_age: '3d' })
  await call(url, 'POST', '/api/v1/silences', {
    name: 'maintenance',
    starts_at: '2026-12-01T00:00:00Z',
    ends_at: '2027-01-01T00:00:00Z',
    match: { jobs: ['paused-job'] },
  })
  // let the dispatcher record its (failing) attempts and the evaluator settle
  await new Promise((r) => setTimeout(r, 1500))
}

async function stop(proc) {
  proc.kill('SIGTERM')
  await new Promise((r) => proc.once('exit', r))
}

mkdirSync(OUT, { recursive: true })
const dir = mkdtempSync(join(tmpdir(), 'bw-fixture-'))
const file = join(dir, 'backwatch.db')
let s = await serve(`sqlite:${file}`, dir)
await fill(s.url)
await stop(s.proc)
copyFileSync(file, join(OUT, 'backwatch.db'))

execFileSync('psql', [PG, '-qc', `drop schema if exists ${SCHEMA} cascade; create schema ${SCHEMA}`])
const u = new URL(PG)
u.searchParams.set('options', `-c search_path=${SCHEMA}`)
s = await serve(u.toString(), dir)
await fill(s.url)
await stop(s.proc)
const dump = execFileSync('pg_dump', ['--no-owner', '--no-privileges', '-n', SCHEMA, PG], {
  encoding: 'utf8',
})
writeFileSync(join(OUT, 'backwatch-pg.sql'), dump)
execFileSync('psql', [PG, '-qc', `drop schema ${SCHEMA} cascade`])
console.log(`wrote ${OUT}`)
