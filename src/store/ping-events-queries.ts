// The ping events' SQL, one set for SQLite and PostgreSQL. The store's methods call these (kysely/<role>.ts).
import type { Kysely } from 'kysely'
import { insertMany } from './insert-many.js'
import type { DialectKind } from './migrations.js'
import type { NewPingEvent } from './roles/run-store.js'
import type { Database } from './schema.js'

type Db = Kysely<Database>

export async function insertPingEvents(db: Db, kind: DialectKind, events: NewPingEvent[]): Promise<void> {
  await insertMany(db, kind, 'ping_events', events, false)
}

export async function countPingEvents(db: Db, jobId?: number): Promise<number> {
  let q = db.selectFrom('ping_events').select((eb) => eb.fn.countAll<number>().as('n'))
  if (jobId !== undefined) q = q.where('job_id', '=', jobId)
  return Number((await q.executeTakeFirstOrThrow()).n)
}
