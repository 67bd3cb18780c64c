// The ping bench on PostgreSQL: one `backwatch serve` on a fresh database with 50 jobs, pinged as
// one job and then spread over all 50, compared with the bare node:http baseline of the same run. Skipped with
// a notice when PostgreSQL is not reachable (BENCH_PG_URL, default the local server's postgres db).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { jobsConfig, postgresCpuMs, spreadOver } from './ping-load.mjs'

const ADMIN_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'

async function admin(sql, connectionString = ADMIN_URL) {
  const client = new pg.Client({ connectionString, connectionTimeoutMillis: 3000 })
  await client.connect()
  try {
    return await client.query(sql)
  } finally {
    await client.end()
  }
}

/** Adds PostgreSQL's CPU microseconds per request (all its processes) to a measured summary. */
async function withPostgresCpu(measure) {
  const before = postgresCpuMs()
  const summary = await measure()
  const used = postgresCpuMs() - before
  return { ...summary, pgCpuUs: Math.round((used * 1000) / Math.max(1, summary.requests)) }
}

/** `measureBare` measures the bare server after each section (the ratios' other side). */
export async function pgPingBench({ ROOT, TOKEN, startProcess, stopProcess, load, measured, measureBare }) {
  const name = `backwatch_bench_${process.pid}`
  try {
    await admin(`create database ${name}`)
  } catch (err) {
    return { skipped: `PostgreSQL not reachable at ${ADMIN_URL} (${err.message})` }
  }
  const url = new URL(ADMIN_URL)
  url.pathname = `/${name}`
  const dir = mkdtempSync(join(tmpdir(), 'backwatch-bench-pg-'))
  const { yaml, uuids } = jobsConfig(50)
  writeFileSync(join(dir, 'backwatch.yaml'), yaml)
  const args = [join(ROOT, 'bin/backwatch.js'), 'serve', '--listen', '127.0.0.1:0']
  const bw = await startProcess([...args, '--database', url.href, '--config', join(dir, 'backwatch.yaml')], {
    BACKWATCH_API_TOKEN: TOKEN,
  })
  try {
    const ping = `${bw.url}/ping/${uuids[0]}`
    await load(ping, { duration: 2 }) // warm-up
    const one = await withPostgresCpu(() => measured(bw, ping))
    const afterOne = await measureBare()
    const fleet = await withPostgresCpu(() => measured(bw, ping, spreadOver(uuids)))
    const afterFleet = await measureBare()
    await stopProcess(bw)
    const runs = Number((await admin('select count(*) n from runs', url.href)).rows[0].n)
    return { one, fleet, runs, bare: [afterOne, afterFleet] }
  } finally {
    if (bw.proc.exitCode === null) await stopProcess(bw)
    rmSync(dir, { recursive: true, force: true })
    await admin(`drop database if exists ${name} with (force)`)
  }
}
