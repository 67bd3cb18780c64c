// runs_job_rid and runs_server_sort hold only runs with a rid / a server (migration 0017): the
// lookups that name one must still find their rows, and through those indexes, on both databases
// (each must see that `rid = ?` / `server_id = ?` implies the index's `is not null`).
import { createRequire } from 'node:module'
import type SqliteDatabase from 'better-sqlite3'
import pg from 'pg'
import { describe, expect, it } from 'vitest'
import { defaultJob } from '../src/app/jobs/job-defaults.js'
import type { DatabaseTarget } from '../src/store/connect.js'
import type { Store } from '../src/store/store.js'
import { aRun, T0 } from './support/builders.js'
import { type Backend, backends, openEachTest } from './support/stores.js'

const BY_RID = 'select * from runs where job_id = ? and rid = ? order by id desc limit 1'
const BY_SERVER = 'select * from runs where server_id = ? order by sort_at desc, id desc limit 50'

/** The plan's text for `statement` with `values` bound, as the database would run it. */
async function planOf(target: DatabaseTarget, statement: string, values: unknown[]): Promise<string> {
  if (target.kind === 'sqlite') {
    const Database = createRequire(import.meta.url)('better-sqlite3') as typeof SqliteDatabase
    const db = new Database(target.path, { readonly: true })
    try {
      const rows = db.prepare(`explain query plan ${statement}`).all(...values) as { detail: string }[]
      return rows.map((r) => r.detail).join('\n')
    } finally {
      db.close()
    }
  }
  const client = new pg.Client({ connectionString: target.url })
  await client.connect()
  try {
    // a few rows: without this PostgreSQL would rightly read the table, proving nothing
    await client.query('set enable_seqscan = off')
    let n = 0
    const text = statement.replace(/\?/g, () => `$${++n}`)
    const { rows } = await client.query(`explain ${text}`, values)
    return rows.map((r: Record<string, string>) => r['QUERY PLAN']).join('\n')
  } finally {
    await client.end()
  }
}

describe.each(backends)('partial run indexes on $name', (backend: Backend) => {
  let store: Store
  let target: DatabaseTarget
  openEachTest(backend, (o) => {
    store = o.store
    target = o.target
  })

  it('finds runs by rid and by server, through the partial indexes', async () => {
    const server = await store.createServer(
      { name: 'db1', environment: null, tags: [], heartbeatTimeout: null },
      T0,
    )
    const job = await store.createJob({ ...defaultJob('nightly'), server_id: server.id }, T0)
    const other = await store.createJob(defaultJob('serverless'), T0)
    await store.insertRuns(
      [
        aRun(job.id, { server_id: server.id, rid: 'r-1', sort_at: T0 + 1, started_at: T0 + 1 }),
        aRun(job.id, { server_id: server.id, rid: null, sort_at: T0 + 2, started_at: T0 + 2 }),
        aRun(other.id, { rid: null, sort_at: T0 + 3, started_at: T0 + 3 }),
        aRun(other.id, { rid: 'r-1', sort_at: T0 + 4, started_at: T0 + 4 }),
      ],
      T0,
    )

    expect((await store.findRunByRid(job.id, 'r-1'))?.startedAt).toBe(T0 + 1)
    expect((await store.findRunByRid(other.id, 'r-1'))?.startedAt).toBe(T0 + 4)
    expect(await store.findRunByRid(job.id, 'r-2')).toBeNull()
    const onServer = await store.listRuns({ server: server.id }, { limit: 10, cursor: null })
    expect(onServer.items.map((r) => r.startedAt)).toEqual([T0 + 2, T0 + 1])

    expect(await planOf(target, BY_RID, [job.id, 'r-1'])).toMatch(/\bruns_job_rid\b/)
    expect(await planOf(target, BY_SERVER, [server.id])).toMatch(/\bruns_server_sort\b/)
  })

  it('keeps only the runs that have a rid or a server in those indexes', async () => {
    const definitions = await indexDefinitions(target)
    expect(definitions.runs_job_rid).toMatch(/where \(?"?rid"? is not null\)?/i)
    expect(definitions.runs_server_sort).toMatch(/where \(?"?server_id"? is not null\)?/i)
  })
})

async function indexDefinitions(target: DatabaseTarget): Promise<Record<string, string>> {
  const names = ['runs_job_rid', 'runs_server_sort']
  if (target.kind === 'sqlite') {
    const Database = createRequire(import.meta.url)('better-sqlite3') as typeof SqliteDatabase
    const db = new Database(target.path, { readonly: true })
    try {
      const rows = db
        .prepare(`select name, sql from sqlite_master where type = 'index' and name in (?, ?)`)
        .all(...names) as { name: string; sql: string }[]
      return Object.fromEntries(rows.map((r) => [r.name, r.sql]))
    } finally {
      db.close()
    }
  }
  const client = new pg.Client({ connectionString: target.url })
  await client.connect()
  try {
    const { rows } = await client.query(
      'select indexname, indexdef from pg_indexes where schemaname = current_schema() and indexname = any($1)',
      [names],
    )
    return Object.fromEntries(
      rows.map((r: { indexname: string; indexdef: string }) => [r.indexname, r.indexdef]),
    )
  } finally {
    await client.end()
  }
}
