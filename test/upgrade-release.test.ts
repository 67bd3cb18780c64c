// The databases release 0.1.0 made (scripts/make-release-fixture.mjs), opened by this build:
// migrations bring every row into the `default` project, keeping the installation's ping key.
import { execFileSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { sql } from 'kysely'
import { afterEach, describe, expect, it } from 'vitest'
import { defaultJob } from '../src/app/jobs/job-defaults.js'
import type { DatabaseTarget } from '../src/store/connect.js'
import { openStore } from '../src/store/open-store.js'
import type { Store } from '../src/store/store.js'
import { adminQuery, withSearchPath } from './support/stores.js'

const FIXTURE = join(import.meta.dirname, 'fixtures/release-0.1.0')
const PG_URL = process.env.BACKWATCH_TEST_PG_URL
const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c()
})

function sqliteCopy(): DatabaseTarget {
  const dir = mkdtempSync(join(tmpdir(), 'backwatch-upgrade-'))
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }))
  copyFileSync(join(FIXTURE, 'backwatch.db'), join(dir, 'backwatch.db'))
  return { kind: 'sqlite', path: join(dir, 'backwatch.db') }
}

async function pgCopy(url: string): Promise<DatabaseTarget> {
  const schema = `bw_upgrade_${randomBytes(5).toString('hex')}`
  const dump = readFileSync(join(FIXTURE, 'backwatch-pg.sql'), 'utf8').replaceAll(
    'bw_release_fixture',
    schema,
  )
  cleanups.push(() => adminQuery(url, `drop schema if exists ${schema} cascade`))
  execFileSync('psql', [url, '-q', '-v', 'ON_ERROR_STOP=1', '-f', '-'], {
    input: dump,
    stdio: ['pipe', 'ignore', 'pipe'],
  })
  return { kind: 'postgres', url: withSearchPath(url, schema) }
}

const targets: [string, () => Promise<DatabaseTarget>][] = [['sqlite', async () => sqliteCopy()]]
if (PG_URL) targets.push(['postgres', () => pgCopy(PG_URL)])

async function opened(make: () => Promise<DatabaseTarget>): Promise<Store> {
  const store = await openStore(await make())
  cleanups.unshift(() => store.close())
  return store
}

// biome-ignore lint/suspicious/noExplicitAny: reads the raw tables the migration changed
const raw = (store: Store) => (store as any).db

describe.each(targets)('release 0.1.0 database on %s', (_name, make) => {
  it('opens with all its rows in the default project, which keeps the ping key', async () => {
    const store = await opened(make)
    const projects = (await sql`select id, slug, ping_key from projects`.execute(raw(store))).rows
    expect(projects).toEqual([{ id: 1, slug: 'default', ping_key: 'fixturepingkey0123456789' }])
    for (const table of ['jobs', 'servers', 'runs', 'alerts', 'silences', 'policies', 'channels', 'tokens']) {
      const rows = (await sql`select project_id from ${sql.table(table)}`.execute(raw(store))).rows as {
        project_id: number
      }[]
      expect(rows.length, table).toBeGreaterThan(0)
      expect(new Set(rows.map((r) => Number(r.project_id))), table).toEqual(new Set([1]))
    }
    const inDefault = store.inProject(1)
    expect(await inDefault.countJobs()).toBe(4)
    const job = await inDefault.getJob({ slug: 'db-01-nightly' })
    expect(job?.serverId).not.toBeNull()
    expect((await inDefault.listRuns({}, { limit: 100, cursor: null })).items.length).toBe(5)
    expect(await inDefault.getPolicy('production')).not.toBeNull()
    expect((await inDefault.listChannels()).map((c) => c.name)).toContain('file-hook')
    expect(await inDefault.getSilence({ name: 'weekend' })).not.toBeNull()
    // another project sees none of it
    expect(await store.inProject(2).countJobs()).toBe(0)
  })

  it('keeps the tokens of the release (no prefix, no maker) and takes new ones beside them', async () => {
    const store = (await opened(make)).inProject(1)
    const kept = await store.listTokens()
    expect(kept.map((t) => [t.name, t.source, t.prefix, t.createdBy])).toEqual([
      ['ci-reader', 'config', null, null],
      ['BACKWATCH_API_TOKEN', 'bootstrap', null, null],
    ])
    const made = await store.createToken(
      { name: 'deploy', scope: 'ingest', hash: 'h-deploy', prefix: 'bw_abcdefgh', createdBy: 'cli' },
      Date.now(),
    )
    expect(made.id).toBeGreaterThan(2)
    expect(await store.findTokenByHash('h-deploy')).toEqual(made)
  })

  it('lets another project reuse a slug, a server name and a policy environment', async () => {
    const store = await opened(make)
    const db = raw(store)
    await sql`insert into projects (slug, name, ping_key, source, created_at, updated_at)
      values ('other', 'Other', 'otherkey', 'api', 0, 0)`.execute(db)
    const other = (await sql<{ id: number }>`select id from projects where slug = 'other'`.execute(db))
      .rows[0]
    expect(Number(other?.id)).toBe(2)
    await sql`insert into servers (project_id, name, tags, created_at, updated_at)
      values (2, 'db-01', '[]', 0, 0)`.execute(db)
    await sql`insert into policies (project_id, environment, settings, source, updated_at)
      values (2, 'production', '{}', 'api', 0)`.execute(db)
    const dup = sql`insert into servers (project_id, name, tags, created_at, updated_at)
      values (2, 'db-01', '[]', 0, 0)`.execute(db)
    await expect(dup).rejects.toThrow()
  })
})

describe('release 0.1.0 database on sqlite, rebuilt tables', () => {
  it('never hands out the id of a row deleted before the upgrade again', async () => {
    const target = sqliteCopy()
    if (target.kind !== 'sqlite') throw new Error('unreachable')
    // the release's newest job deleted: its id must stay used after the jobs table is rebuilt
    const old = new Database(target.path)
    const newest = old.prepare('select max(id) as id from jobs').get() as { id: number }
    old.prepare('delete from jobs where id = ?').run(newest.id)
    old.close()
    const store = await opened(async () => target)
    const job = await store.inProject(1).createJob(defaultJob('after-upgrade'), Date.now())
    expect(job.id).toBeGreaterThan(newest.id)
  })
})
