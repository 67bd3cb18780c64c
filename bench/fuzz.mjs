// The fuzz benchmark of issue 10: BENCH_FUZZ_REQUESTS (default 100 000) seeded requests over
// every route (test/support/fuzz-*.ts, the fuzzer test/fuzz.test.ts runs 3 000 of) against a real
// `backwatch serve` on SQLite, valid pings interleaved. Counts requests, 5xx, hangs, whether the
// process crashed, and the pings stored against the pings answered. Asserts nothing.
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { pathToFileURL } from 'node:url'
import Database from 'better-sqlite3'
import { tsImport } from 'tsx/esm/api'
import { serveArgs } from './serve-args.mjs'

const job = (prefix, i) => ({
  slug: `${prefix}-${i}`,
  uuid: `00000000-0000-4000-8000-${String((prefix === 'tracked' ? 1e11 : 2e11) + i)}`,
})

/** `backwatch serve` with its stderr counted by level instead of shown (the fuzz makes it chatty). */
function startServe(args, env) {
  const proc = spawn(process.execPath, args, {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const log = { error: 0, warn: 0, info: 0, errors: [] }
  createInterface({ input: proc.stderr }).on('line', (line) => {
    const level = / (error|warn|info) /.exec(line)?.[1] ?? 'info'
    log[level]++
    if (level === 'error' && log.errors.length < 5) log.errors.push(line.slice(0, 300))
  })
  return new Promise((resolve, reject) => {
    let out = ''
    proc.stdout.on('data', (d) => {
      out += d
      const m = out.match(/listening on (http:\/\/\S+)/)
      if (m) resolve({ proc, url: m[1], log })
    })
    proc.once('exit', (code) => reject(new Error(`exited ${code}: ${out}`)))
  })
}

export async function fuzzBench({ ROOT, TOKEN, stopProcess }, { count, seed }) {
  const { runFuzz } = await tsImport('../test/support/fuzz-run.ts', import.meta.url)
  const { Router } = await import(pathToFileURL(join(ROOT, 'dist/http/router.js')).href)
  const { registerApi } = await import(pathToFileURL(join(ROOT, 'dist/api/register-api.js')).href)
  const router = new Router()
  registerApi(router, {})

  const tracked = Array.from({ length: 20 }, (_, i) => job('tracked', i))
  const fuzzJobs = Array.from({ length: 20 }, (_, i) => job('fuzzed', i))
  const dir = mkdtempSync(join(tmpdir(), 'backwatch-fuzz-'))
  const config = join(dir, 'backwatch.yaml')
  writeFileSync(
    config,
    `ping_key: bench-ping-key-0001\nhttp: {header_timeout: 1s, request_timeout: 2s}\njobs:\n${[
      ...tracked,
      ...fuzzJobs,
    ]
      .map((j) => `  - {slug: ${j.slug}, uuid: ${j.uuid}}\n`)
      .join('')}`,
  )
  const bw = await startServe(serveArgs(ROOT, join(dir, 'bw.db'), config), { BACKWATCH_API_TOKEN: TOKEN })
  let exit = null
  bw.proc.once('exit', (code, signal) => {
    exit = signal ?? code
  })
  const started = performance.now()
  const report = await runFuzz(
    bw.url,
    { token: TOKEN, pingKey: 'bench-ping-key-0001', routes: router.list(), tracked, fuzzJobs },
    { seed, count, concurrency: 32, timeoutMs: 15_000 },
  )
  const seconds = (performance.now() - started) / 1000
  const healthz =
    exit === null
      ? await fetch(`${bw.url}/healthz`).then(
          (r) => r.status,
          () => null,
        )
      : null
  const crashed = exit !== null
  if (!crashed) await stopProcess(bw)
  const db = new Database(join(dir, 'bw.db'), { readonly: true })
  const stored = db
    .prepare(
      `select count(*) n from runs join jobs on jobs.id = runs.job_id where jobs.slug like 'tracked-%'`,
    )
    .get().n
  db.close()
  rmSync(dir, { recursive: true, force: true })
  const answered = Object.values(report.pingsAnswered).reduce((a, b) => a + b, 0)
  return { report, seconds, crashed, healthz, stored, answered, log: bw.log }
}
