// The ping bench on PostgreSQL: one `backwatch serve` on a fresh database, the same load as the
// SQLite section, compared with the bare node:http baseline measured in the same run. Skipped with
// a notice when PostgreSQL is not reachable (BENCH_PG_URL, default the local server's postgres db).
import { randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'

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

export async function pgPingBench({ ROOT, TOKEN, startProcess, stopProcess, load, summary }) {
  const name = `backwatch_bench_${process.pid}`
  try {
    await admin(`create database ${name}`)
  } catch (err) {
    return { skipped: `PostgreSQL not reachable at ${ADMIN_URL} (${err.message})` }
  }
  const url = new URL(ADMIN_URL)
  url.pathname = `/${name}`
  const dir = mkdtempSync(join(tmpdir(), 'backwatch-bench-pg-'))
  const uuid = randomUUID()
  writeFileSync(join(dir, 'backwatch.yaml'), `jobs:\n  - slug: bench\n    uuid: ${uuid}\n`)
  const args = [join(ROOT, 'bin/backwatch.js'), 'serve', '--listen', '127.0.0.1:0']
  const bw = await startProcess([...args, '--database', url.href, '--config', join(dir, 'backwatch.yaml')], {
    BACKWATCH_API_TOKEN: TOKEN,
  })
  try {
    await load(`${bw.url}/ping/${uuid}`, { duration: 2 }) // warm-up
    const pings = summary(await load(`${bw.url}/ping/${uuid}`))
    await stopProcess(bw)
    const runs = Number((await admin('select count(*) n from runs', url.href)).rows[0].n)
    return { pings, runs }
  } finally {
    if (bw.proc.exitCode === null) await stopProcess(bw)
    rmSync(dir, { recursive: true, force: true })
    await admin(`drop database if exists ${name} with (force)`)
  }
}
