// The channels table's SQL, one set of queries for SQLite and PostgreSQL (kysely/channels.ts makes
// them the store's methods). A row holds a channel's flat map as written; parsing it is the
// ChannelRegistry's job.
import type { Kysely, Selectable } from 'kysely'
import type { NewStoredChannel, StoredChannel } from './roles/channel-store.js'
import type { ChannelsTable, Database } from './schema.js'
import { projectOf, type Scope } from './scope.js'

type Db = Kysely<Database>

function parseSpec(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text)
    if (typeof value === 'object' && value !== null && !Array.isArray(value))
      return value as Record<string, unknown>
  } catch {
    // reported by the registry as an unusable channel
  }
  return {}
}

function fromRow(r: Selectable<ChannelsTable>): StoredChannel {
  return {
    projectId: Number(r.project_id),
    name: r.name,
    kind: r.kind,
    spec: parseSpec(r.spec),
    source: r.source === 'config' ? 'config' : 'api',
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
  }
}

/** The project's channels, or every project's (the registry's view) on an unbound store. */
export async function listChannels(db: Db, scope: Scope): Promise<StoredChannel[]> {
  const rows = await db
    .selectFrom('channels')
    .selectAll()
    .$if(scope !== null, (q) => q.where('project_id', '=', scope as number))
    .orderBy('project_id')
    .orderBy('name')
    .execute()
  return rows.map(fromRow)
}

export async function getChannel(db: Db, scope: Scope, name: string): Promise<StoredChannel | null> {
  const row = await db
    .selectFrom('channels')
    .selectAll()
    .where('project_id', '=', projectOf(scope, 'a channel lookup'))
    .where('name', '=', name)
    .executeTakeFirst()
  return row ? fromRow(row) : null
}

/** Inserts the channel unless the name is taken; null when it is. */
export async function createChannel(
  db: Db,
  scope: Scope,
  c: NewStoredChannel,
  now: number,
): Promise<StoredChannel | null> {
  const projectId = projectOf(scope, 'a channel')
  const res = await db
    .insertInto('channels')
    .values({
      project_id: projectId,
      name: c.name,
      kind: c.kind,
      spec: JSON.stringify(c.spec),
      source: c.source,
      created_at: now,
      updated_at: now,
    })
    .onConflict((oc) => oc.columns(['project_id', 'name']).doNothing())
    .executeTakeFirst()
  if (Number(res.numInsertedOrUpdatedRows ?? 0) === 0) return null
  return { ...c, projectId, createdAt: now, updatedAt: now }
}

/** Creates or replaces the channel (its created_at is kept). */
export async function putChannel(
  db: Db,
  scope: Scope,
  c: NewStoredChannel,
  now: number,
): Promise<StoredChannel> {
  const projectId = projectOf(scope, 'a channel')
  const spec = JSON.stringify(c.spec)
  await db
    .insertInto('channels')
    .values({
      project_id: projectId,
      name: c.name,
      kind: c.kind,
      spec,
      source: c.source,
      created_at: now,
      updated_at: now,
    })
    .onConflict((oc) =>
      oc
        .columns(['project_id', 'name'])
        .doUpdateSet({ kind: c.kind, spec, source: c.source, updated_at: now }),
    )
    .execute()
  return (await getChannel(db, scope, c.name)) ?? { ...c, projectId, createdAt: now, updatedAt: now }
}

/** Deletes the channel and its delivery health (a channel created again under the name starts afresh). */
export async function deleteChannel(db: Db, scope: Scope, name: string): Promise<boolean> {
  const projectId = projectOf(scope, 'a channel deletion')
  const res = await db
    .deleteFrom('channels')
    .where('project_id', '=', projectId)
    .where('name', '=', name)
    .executeTakeFirst()
  await db
    .deleteFrom('channel_states')
    .where('project_id', '=', projectId)
    .where('channel', '=', name)
    .execute()
  return Number(res.numDeletedRows) > 0
}

/**
 * The config file's channels: each stored with source `config` (replacing an API one of that
 * name; an unchanged one keeps its updated_at); config channels no longer listed are deleted.
 * Run it in a transaction.
 */
export async function syncConfigChannels(
  db: Db,
  scope: Scope,
  channels: Omit<NewStoredChannel, 'source'>[],
  now: number,
): Promise<{ upserted: string[]; deleted: string[] }> {
  const stored = new Map((await listChannels(db, projectOf(scope, 'channels'))).map((c) => [c.name, c]))
  const upserted: string[] = []
  for (const c of channels) {
    const current = stored.get(c.name)
    const same =
      current?.source === 'config' &&
      current.kind === c.kind &&
      JSON.stringify(current.spec) === JSON.stringify(c.spec)
    if (same) continue
    await putChannel(db, scope, { ...c, source: 'config' }, now)
    upserted.push(c.name)
  }
  const declared = new Set(channels.map((c) => c.name))
  const deleted: string[] = []
  for (const c of stored.values()) {
    if (c.source === 'config' && !declared.has(c.name)) {
      await deleteChannel(db, scope, c.name)
      deleted.push(c.name)
    }
  }
  return { upserted, deleted }
}
