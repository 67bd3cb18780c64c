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

/**
 * The rows of one statement (`?` for its values) run on the test's database directly. PostgreSQL
 * runs it with sequential scans off: on a few rows it would rightly read the table, and a plan
 * would then prove nothing about the index.
 */
async function rawRows<R>(target: DatabaseTarget, statement: string, values: unknown[]): Promise<R[]> {
  if (target.kind === 'sqlite') {
    const Database = createRequire(import.meta.url)('better-sqlite3') as typeof SqliteDatabase
    const db = new Database(target.path, { readonly: true })
    try {
      return db.prepare(statement).all(...values) as R[]
    } finally {
      db.close()
    }
  }
  const client = new pg.Client({ connectionString: target.url })
  await client.connect()
  try {
    await client.query('set enable_seqscan = off')
    let n = 0
    return (
      await client.query(
        statement.replace(/\?/g, () => `$${++n}`),
        values,
      )
    ).rows as R[]
  } finally {
    await client.end()
  }
}

/** The plan's text for `statement` with `values` bound, as the database would run it. */
async function planOf(target: DatabaseTarget, statement: string, values: unknown[]): Promise<string> {
  if (target.kind === 'sqlite') {
    const rows = await rawRows<{ detail: string }>(target, `explain query plan ${statement}`, values)
    return rows.map((r) => r.detail).join('\n')
  }
  const rows = await rawRows<Record<string, string>>(target, `explain ${statement}`, values)
  return rows.map((r) => r['QUERY PLAN']).join('\n')
}

/** The CREATE INDEX text of each of the two indexes, by name. */
async function indexDefinitions(target: DatabaseTarget): Promise<Record<string, string>> {
  const statement =
    target.kind === 'sqlite'
      ? `select name, sql as definition from sqlite_master where type = 'index' and name in (?, ?)`
      : 'select indexname as name, indexdef as definition from pg_indexes where schemaname = current_schema() and indexname in (?, ?)'
  const rows = await rawRows<{ name: string; definition: string }>(target, statement, [
    'runs_job_rid',
    'runs_server_sort',
  ])
  return Object.fromEntries(rows.map((r) => [r.name, r.definition]))
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
