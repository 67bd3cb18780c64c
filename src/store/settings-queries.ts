// The settings table's SQL (key → value), one set for SQLite and PostgreSQL. The store's methods
// call these (kysely/<role>.ts).
import type { Kysely } from 'kysely'
import type { Database } from './schema.js'

type Db = Kysely<Database>

export async function getSetting(db: Db, key: string): Promise<string | null> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst()
  return row?.value ?? null
}

export async function initSetting(db: Db, key: string, value: string): Promise<string> {
  await db
    .insertInto('settings')
    .values({ key, value })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute()
  return (await getSetting(db, key)) ?? value
}

export async function setSetting(db: Db, key: string, value: string): Promise<void> {
  await db
    .insertInto('settings')
    .values({ key, value })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
    .execute()
}
