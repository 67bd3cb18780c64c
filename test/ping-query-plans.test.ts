// A ping batch's statements must find their rows through an index: a scan of runs, alerts, ping
// events or jobs costs in proportion to the history or the fleet (every run a job ever had, every
// alert ever opened, every job of the project), so ping throughput would fall as a database ages
// or a fleet grows. Each statement the real committer ran is checked with SQLite's own EXPLAIN
// QUERY PLAN, on a database with some history.
import { join } from 'node:path'
import type SqliteDatabase from 'better-sqlite3'
import { type CompiledQuery, Kysely, SqliteDialect } from 'kysely'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { defaultJob } from '../src/app/jobs/job-defaults.js'
import { PingCommitter } from '../src/app/pings/ping-committer.js'
import { ManualClock } from '../src/clock.js'
import type { PingAction } from '../src/domain/ping.js'
import type { PingObservation, PingTarget } from '../src/ingest/observation.js'
import { openSqlite } from '../src/store/connect.js'
import { KyselyStore } from '../src/store/kysely-store.js'
import { migrate } from '../src/store/migrations.js'
import type { Database } from '../src/store/schema.js'
import { tempDir } from './support/app.js'
import { aRun, T0 } from './support/builders.js'

/** Tables that grow with the history; a scan of any of them on the ping path is a defect. */
const GROWING = ['runs', 'alerts', 'ping_events', 'jobs', 'run_stats', 'deliveries']

function ping(
  target: PingTarget,
  action: PingAction,
  at: number,
  rid: string | null = null,
): PingObservation {
  return {
    target,
    signal: { action, exitStatus: action === 'exit' ? 1 : null, rid },
    body: Buffer.from('log line\n'),
    bodySize: 9,
    source: 'healthchecks',
    method: 'POST',
    remoteAddr: '127.0.0.1',
    userAgent: 'test',
    receivedAt: at,
  }
}

describe('the ping path on SQLite', () => {
  let tmp: ReturnType<typeof tempDir>
  let raw: SqliteDatabase.Database
  let db: Kysely<Database>
  let store: KyselyStore
  const ran: CompiledQuery[] = []

  beforeEach(async () => {
    tmp = tempDir()
    raw = openSqlite(join(tmp.dir, 'backwatch.db'))
    db = new Kysely<Database>({
      dialect: new SqliteDialect({ database: raw }),
      log: (event) => {
        if (event.level === 'query') ran.push(event.query)
      },
    })
    await migrate(db, 'sqlite')
    store = new KyselyStore(db, 'sqlite')
  })

  afterEach(async () => {
    await db.destroy()
    tmp.cleanup()
  })

  /**
   * The plan lines that read a growing table in full, or read all of a job's runs or ping events
   * (an index on job_id alone: the job's whole history; runs_open is partial, open runs only).
   */
  function scansOf(query: CompiledQuery): string[] {
    const plan = raw.prepare(`explain query plan ${query.sql}`).all(...(query.parameters as unknown[])) as {
      detail: string
    }[]
    const reading = /^select/i.test(query.sql)
    return plan
      .map((p) => p.detail)
      .filter(
        (d) =>
          GROWING.some((t) => new RegExp(`^SCAN ${t}\\b`).test(d)) ||
          (reading &&
            /^SEARCH (runs|ping_events) USING (COVERING )?INDEX (?!runs_open )\S+ \(job_id=\?\)$/.test(d)) ||
          /^SEARCH jobs USING (COVERING )?INDEX jobs_project \(project_id=\?\)$/.test(d),
      )
  }

  it('reads no growing table in full, whatever the batch does', async () => {
    const scoped = store.inProject(1)
    const job = await scoped.createJob(defaultJob('nightly'), T0)
    const other = await scoped.createJob(defaultJob('weekly'), T0)
    // some history: finished runs of both jobs, resolved alerts of both
    await scoped.insertRuns(
      Array.from({ length: 200 }, (_, i) =>
        aRun(i % 2 === 0 ? job.id : other.id, { started_at: T0 + i, finished_at: T0 + i, sort_at: T0 + i }),
      ),
      T0,
    )
    const clock = new ManualClock(T0 + 10_000)
    const committer = new PingCommitter({ store, clock, bodyLimit: 10_000 })
    const byUuid = { uuid: job.uuid }
    const bySlug = { projectId: 1, slug: 'weekly', create: false }
    const created = { projectId: 1, slug: 'new-job', create: true }
    ran.length = 0
    const at = clock.now()
    const results = await Promise.all([
      committer.submit(ping(byUuid, 'start', at, 'r1')),
      committer.submit(ping(byUuid, 'log', at + 1, 'r1')),
      committer.submit(ping(byUuid, 'fail', at + 2, 'r1')), // opens job.failed
      committer.submit(ping(bySlug, 'success', at + 3)),
      committer.submit(ping(created, 'exit', at + 4)),
    ])
    expect(results).toEqual(['ok', 'ok', 'ok', 'ok', 'created'])
    // a second batch: the failed job succeeds (its alert resolves), a start supersedes nothing
    clock.advance(1000)
    const again = await Promise.all([
      committer.submit(ping(byUuid, 'success', clock.now())),
      committer.submit(ping(bySlug, 'start', clock.now())),
    ])
    expect(again).toEqual(['ok', 'ok'])
    // the same lookup in one project (the config sync's), by uuid and by slug
    const locked = await scoped.transaction((tx) =>
      tx.lockJobsByKey({ uuids: [job.uuid], slugs: ['weekly'] }),
    )
    expect(locked.map((j) => j.slug)).toEqual(['nightly', 'weekly'])
    const statements = ran.filter((q) => !/^(begin|commit|rollback)/i.test(q.sql))
    const alerts = await scoped.listAlerts({ job: job.id }, { limit: 10, cursor: null })
    expect(alerts.items.map((a) => [a.type, a.status])).toEqual([['job.failed', 'resolved']])

    expect(statements.length).toBeGreaterThan(10)
    const scanning = statements
      .map((q) => ({ sql: q.sql.slice(0, 120), scans: scansOf(q) }))
      .filter((s) => s.scans.length > 0)
    expect(scanning).toEqual([])
  })
})
