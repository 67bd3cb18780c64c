// Instance liveness on PostgreSQL. A live instance holds a session advisory lock (on its LISTEN
// connection); PostgreSQL drops it the moment the process dies (kill -9 included), so the rows a
// dead instance had claimed can be taken at once instead of after their lease.
import { type ExpressionBuilder, type Kysely, sql } from 'kysely'
import type { Database } from './schema.js'

type Db = Kysely<Database>

/** The first key of the two-key advisory locks Backwatch instances hold ("BW"). */
export const INSTANCE_LOCK_SPACE = 0x4257

export async function registerInstance(db: Db, id: string, lockKey: number, now: number): Promise<void> {
  // instances long gone that hold no claim any more are forgotten
  await db
    .deleteFrom('instances')
    .where(instanceDead)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('deliveries')
            .select('deliveries.id')
            .whereRef('deliveries.claimed_by', '=', 'instances.id')
            .where('deliveries.status', '=', sql.lit('sending')),
        ),
      ),
    )
    .execute()
  await db
    .insertInto('instances')
    .values({ id, lock_key: lockKey, started_at: now })
    .onConflict((oc) => oc.column('id').doUpdateSet({ lock_key: lockKey, started_at: now }))
    .execute()
}

export async function deregisterInstance(db: Db, id: string): Promise<void> {
  await db.deleteFrom('instances').where('id', '=', id).execute()
}

/** The instance's advisory lock is held by no session: the process is gone. */
export function instanceDead(eb: ExpressionBuilder<Database, 'instances'>) {
  return eb.not(
    eb.exists(
      sql`(select 1 from pg_locks l where l.locktype = 'advisory' and l.database = (select oid from pg_database where datname = current_database()) and l.classid = ${sql.lit(INSTANCE_LOCK_SPACE)} and l.objid = instances.lock_key and l.objsubid = 2 and l.granted)`,
    ),
  )
}

/** Owners (claim owners) of instances known to be dead. */
export function deadOwners(db: Db) {
  return db.selectFrom('instances').select('instances.id').where(instanceDead)
}
