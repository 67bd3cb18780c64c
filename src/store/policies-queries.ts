// The environment policies' SQL, one set for SQLite and PostgreSQL. The store's methods call these
// (kysely/<role>.ts).
import type { Kysely } from 'kysely'
import type { StoredPolicy } from '../domain/records.js'
import { policyFromRow } from './mappers.js'
import type { Database } from './schema.js'

type Db = Kysely<Database>

export async function listPolicies(db: Db): Promise<StoredPolicy[]> {
  const rows = await db.selectFrom('policies').selectAll().orderBy('environment').execute()
  return rows.map(policyFromRow)
}

export async function getPolicy(db: Db, environment: string): Promise<StoredPolicy | null> {
  const row = await db
    .selectFrom('policies')
    .selectAll()
    .where('environment', '=', environment)
    .executeTakeFirst()
  return row ? policyFromRow(row) : null
}

export async function putPolicy(
  db: Db,
  p: Omit<StoredPolicy, 'updatedAt'>,
  now: number,
): Promise<StoredPolicy> {
  const settings = JSON.stringify({ policy: p.policy, jobDefaults: p.jobDefaults })
  await db
    .insertInto('policies')
    .values({ environment: p.environment, settings, source: p.source, updated_at: now })
    .onConflict((oc) => oc.column('environment').doUpdateSet({ settings, source: p.source, updated_at: now }))
    .execute()
  return { ...p, updatedAt: now }
}

export async function deletePolicy(db: Db, environment: string): Promise<boolean> {
  const res = await db.deleteFrom('policies').where('environment', '=', environment).executeTakeFirst()
  return Number(res.numDeletedRows) > 0
}
