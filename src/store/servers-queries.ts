// The servers' SQL, one set for SQLite and PostgreSQL. The store's methods call these (kysely/<role>.ts).
import type { Kysely } from 'kysely'
import type { ServerRecord } from '../domain/records.js'
import { decodeCursor, fetchLimit, pageOf } from './cursor.js'
import { serverFromRow } from './mappers.js'
import type { Page, PageRequest } from './page.js'
import type { NewServer, ServerRef, ServerStatePatch } from './roles/server-store.js'
import type { Database } from './schema.js'
import { projectOf, type Scope } from './scope.js'

type Db = Kysely<Database>

function serverQuery(db: Db, scope: Scope) {
  return db
    .selectFrom('servers')
    .selectAll('servers')
    .$if(scope !== null, (q) => q.where('servers.project_id', '=', scope as number))
    .select((eb) =>
      eb
        .selectFrom('jobs')
        .select(eb.fn.countAll<number>().as('n'))
        .whereRef('jobs.server_id', '=', 'servers.id')
        .as('jobs_count'),
    )
}

export async function createServer(db: Db, scope: Scope, s: NewServer, now: number): Promise<ServerRecord> {
  const row = await db
    .insertInto('servers')
    .values({
      project_id: projectOf(scope, 'a server'),
      name: s.name,
      environment: s.environment,
      tags: JSON.stringify(s.tags),
      heartbeat_timeout: s.heartbeatTimeout,
      last_heartbeat_at: null,
      offline_at: null,
      offline_since: null,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return (await getServer(db, scope, { id: Number(row.id) }))!
}

export async function updateServer(
  db: Db,
  scope: Scope,
  id: number,
  patch: Partial<NewServer>,
  now: number,
): Promise<ServerRecord> {
  await db
    .updateTable('servers')
    .set({
      ...(patch.name !== undefined && { name: patch.name }),
      ...(patch.environment !== undefined && { environment: patch.environment }),
      ...(patch.tags !== undefined && { tags: JSON.stringify(patch.tags) }),
      ...(patch.heartbeatTimeout !== undefined && { heartbeat_timeout: patch.heartbeatTimeout }),
      updated_at: now,
    })
    .where('id', '=', id)
    .$if(scope !== null, (q) => q.where('project_id', '=', scope as number))
    .execute()
  const server = await getServer(db, scope, { id })
  if (!server) throw new Error(`server ${id} not found`)
  return server
}

export async function deleteServer(db: Db, scope: Scope, id: number): Promise<boolean> {
  const res = await db
    .deleteFrom('servers')
    .where('id', '=', id)
    .$if(scope !== null, (q) => q.where('project_id', '=', scope as number))
    .executeTakeFirst()
  return Number(res.numDeletedRows) > 0
}

export async function getServer(db: Db, scope: Scope, ref: ServerRef): Promise<ServerRecord | null> {
  const q = serverQuery(db, scope)
  const row = await ('id' in ref
    ? q.where('servers.id', '=', ref.id)
    : q.where('servers.name', '=', ref.name)
  ).executeTakeFirst()
  return row ? serverFromRow(row) : null
}

export async function listServers(
  db: Db,
  scope: Scope,
  page: PageRequest,
  filter: { withoutJobs?: boolean } = {},
): Promise<Page<ServerRecord>> {
  let q = serverQuery(db, scope).orderBy('servers.id').limit(fetchLimit(page))
  if (filter.withoutJobs) {
    q = q.where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('jobs').select('jobs.id').whereRef('jobs.server_id', '=', 'servers.id'))),
    )
  }
  if (page.cursor) q = q.where('servers.id', '>', decodeCursor(page.cursor).id)
  const rows = (await q.execute()).map(serverFromRow)
  return pageOf(rows, page.limit, (s) => ({ sortKey: 0, id: s.id }))
}

export async function updateServerState(
  db: Db,
  scope: Scope,
  id: number,
  patch: ServerStatePatch,
  now: number,
): Promise<void> {
  await db
    .updateTable('servers')
    .set({ ...patch, updated_at: now })
    .where('id', '=', id)
    .$if(scope !== null, (q) => q.where('project_id', '=', scope as number))
    .execute()
}

/** Servers past their offline deadline; claimed like dueJobs (locked, others' skipped) when `claim`. */
export async function dueServers(
  db: Db,
  scope: Scope,
  now: number,
  limit: number,
  claim: boolean,
): Promise<ServerRecord[]> {
  const rows = await serverQuery(db, scope)
    .where('servers.offline_at', '<=', now)
    .where('servers.offline_since', 'is', null)
    .orderBy('servers.offline_at')
    .orderBy('servers.id')
    .limit(limit)
    .$if(claim, (q) => q.forUpdate('servers').skipLocked())
    .execute()
  return rows.map(serverFromRow)
}

/** Locks the server (PostgreSQL, when `lock`) and reads it afresh: heartbeats and the evaluator never settle it from two snapshots. */
export async function lockServer(
  db: Db,
  scope: Scope,
  id: number,
  lock: boolean,
): Promise<ServerRecord | null> {
  const q = serverQuery(db, scope).where('servers.id', '=', id)
  const row = await (lock ? q.forUpdate('servers') : q).executeTakeFirst()
  return row ? serverFromRow(row) : null
}

export async function serverJobCounts(db: Db, serverId: number): Promise<{ total: number; active: number }> {
  const row = await db
    .selectFrom('jobs')
    .select((eb) => [
      eb.fn.countAll<number | string>().as('total'),
      eb.fn.sum<number | string | null>(eb.case().when('paused', '=', 0).then(1).else(0).end()).as('active'),
    ])
    .where('server_id', '=', serverId)
    .executeTakeFirst()
  return { total: Number(row?.total ?? 0), active: Number(row?.active ?? 0) }
}
