// The environment policies' SQL, one set for SQLite and PostgreSQL. The store's methods call these
// (kysely/<role>.ts).
import type { Kysely } from 'kysely'
import type { StoredPolicy } from '../domain/records.js'
import { policyFromRow } from './mappers.js'
import type { Database } from './schema.js'
import { projectOf, type Scope } from './scope.js'

type Db = Kysely<Database>

export async function listPolicies(db: Db, scope: Scope): Promise<StoredPolicy[]> {
  const rows = await db
    .selectFrom('policies')
    .selectAll()
    .$if(scope !== null, (q) => q.where('project_id', '=', scope as number))
    .orderBy('project_id')
    .orderBy('environment')
    .execute()
  return rows.map(policyFromRow)
}

export async function getPolicy(db: Db, scope: Scope, environment: string): Promise<StoredPolicy | null> {
  const row = await db
    .selectFrom('policies')
    .selectAll()
    .where('project_id', '=', projectOf(scope, 'a policy lookup'))
    .where('environment', '=', environment)
    .executeTakeFirst()
  return row ? policyFromRow(row) : null
}

export async function putPolicy(
  db: Db,
  scope: Scope,
  p: Omit<StoredPolicy, 'updatedAt' | 'projectId'>,
  now: number,
): Promise<StoredPolicy> {
  const projectId = projectOf(scope, 'a policy')
  const settings = JSON.stringify({ policy: p.policy, jobDefaults: p.jobDefaults })
  await db
    .insertInto('policies')
    .values({
      project_id: projectId,
      environment: p.environment,
      settings,
      source: p.source,
      updated_at: now,
    })
    .onConflict((oc) =>
      oc.columns(['project_id', 'environment']).doUpdateSet({ settings, source: p.source, updated_at: now }),
    )
    .execute()
  return { ...p, projectId, updatedAt: now }
}

export async function deletePolicy(db: Db, scope: Scope, environment: string): Promise<boolean> {
  const res = await db
    .deleteFrom('policies')
    .where('project_id', '=', projectOf(scope, 'a policy deletion'))
    .where('environment', '=', environment)
    .executeTakeFirst()
  return Number(res.numDeletedRows) > 0
}
