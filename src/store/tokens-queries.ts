// The API tokens' SQL, one set for SQLite and PostgreSQL. The store's methods call these (kysely/<role>.ts).
import type { Kysely, Selectable } from 'kysely'
import type { TokenScope } from '../domain/access.js'
import type { TokenRecord, TokenSource } from '../domain/tokens.js'
import type { NewToken, TokenRef } from './roles/token-store.js'
import type { Database, TokensTable } from './schema.js'
import { projectOf, type Scope } from './scope.js'

type Db = Kysely<Database>

// every column but the hash: a hash never leaves the store
const COLUMNS = [
  'id',
  'project_id',
  'name',
  'scope',
  'source',
  'prefix',
  'created_by',
  'created_at',
  'last_used_at',
] as const

function tokenFromRow(r: Omit<Selectable<TokensTable>, 'hash'>): TokenRecord {
  return {
    id: Number(r.id),
    projectId: Number(r.project_id),
    name: r.name,
    scope: r.scope as TokenScope,
    source: r.source as TokenSource,
    prefix: r.prefix,
    createdBy: r.created_by,
    createdAt: Number(r.created_at),
    lastUsedAt: r.last_used_at === null ? null : Number(r.last_used_at),
  }
}

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
  const row = await db.selectFrom('tokens').select(COLUMNS).where('hash', '=', hash).executeTakeFirst()
  return row ? tokenFromRow(row) : null
}

/** The project's tokens (every project's on an unbound store), oldest first. */
export async function listTokens(db: Db, scope: Scope): Promise<TokenRecord[]> {
  const rows = await db
    .selectFrom('tokens')
    .select(COLUMNS)
    .$if(scope !== null, (q) => q.where('project_id', '=', scope as number))
    .orderBy('id')
    .execute()
  return rows.map(tokenFromRow)
}

export async function getToken(db: Db, scope: Scope, ref: TokenRef): Promise<TokenRecord | null> {
  const row = await db
    .selectFrom('tokens')
    .select(COLUMNS)
    .$if('id' in ref, (q) => q.where('id', '=', (ref as { id: number }).id))
    .$if('name' in ref, (q) =>
      q
        .where('name', '=', (ref as { name: string }).name)
        .where('project_id', '=', projectOf(scope, 'a token name')),
    )
    .$if(scope !== null, (q) => q.where('project_id', '=', scope as number))
    .executeTakeFirst()
  return row ? tokenFromRow(row) : null
}

export async function createToken(db: Db, scope: Scope, t: NewToken, now: number): Promise<TokenRecord> {
  const row = await db
    .insertInto('tokens')
    .values({
      project_id: projectOf(scope, 'a token'),
      name: t.name,
      scope: t.scope,
      hash: t.hash,
      source: 'api',
      prefix: t.prefix,
      created_by: t.createdBy,
      created_at: now,
      last_used_at: null,
    })
    .returning(COLUMNS)
    .executeTakeFirstOrThrow()
  return tokenFromRow(row)
}

/** Deletes an API-made token; false when there is none of that id (in the store's project). */
export async function deleteToken(db: Db, scope: Scope, id: number): Promise<boolean> {
  const res = await db
    .deleteFrom('tokens')
    .where('id', '=', id)
    .where('source', '=', 'api')
    .$if(scope !== null, (q) => q.where('project_id', '=', scope as number))
    .executeTakeFirst()
  return Number(res.numDeletedRows) === 1
}

/** Records a use; never moves last_used_at back (another instance may have written a later one). */
export async function touchToken(db: Db, id: number, at: number): Promise<void> {
  await db
    .updateTable('tokens')
    .set({ last_used_at: at })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', at)]))
    .execute()
}
