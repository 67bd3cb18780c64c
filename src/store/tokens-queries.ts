// The API tokens' SQL, one set for SQLite and PostgreSQL. The store's methods call these (kysely/<role>.ts).
import type { Kysely } from 'kysely'
import type { TokenRecord } from '../domain/records.js'
import type { Database } from './schema.js'
import { projectOf, type Scope } from './scope.js'

type Db = Kysely<Database>

/** Replaces the tokens of one source; run it in a transaction. */
export async function syncTokens(
  db: Db,
  scope: Scope,
  source: string,
  tokens: { name: string; scope: string; hash: string }[],
  now: number,
): Promise<void> {
  const projectId = projectOf(scope, 'tokens')
  await db.deleteFrom('tokens').where('project_id', '=', projectId).where('source', '=', source).execute()
  for (const t of tokens) {
    await db
      .deleteFrom('tokens')
      .where((eb) =>
        eb.or([eb.and([eb('project_id', '=', projectId), eb('name', '=', t.name)]), eb('hash', '=', t.hash)]),
      )
      .execute()
    await db
      .insertInto('tokens')
      .values({ ...t, project_id: projectId, source, created_at: now, last_used_at: null })
      .execute()
  }
}

export async function findTokenByHash(db: Db, hash: string): Promise<TokenRecord | null> {
  const row = await db
    .selectFrom('tokens')
    .select(['id', 'project_id', 'name', 'scope', 'source'])
    .where('hash', '=', hash)
    .executeTakeFirst()
  return row
    ? {
        id: Number(row.id),
        projectId: Number(row.project_id),
        name: row.name,
        scope: row.scope as TokenRecord['scope'],
        source: row.source,
      }
    : null
}
