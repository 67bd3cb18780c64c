// The browser sessions' SQL, one set for SQLite and PostgreSQL. The store's methods call these
// (kysely/users.ts).
import type { Kysely } from 'kysely'
import type { SessionRecord } from '../domain/users.js'
import type { Database, SessionsTable } from './schema.js'

type Db = Kysely<Database>

function sessionOf(row: SessionsTable): SessionRecord {
  return {
    idHash: row.id_hash,
    userId: Number(row.user_id),
    csrfToken: row.csrf_token,
    createdAt: Number(row.created_at),
    lastSeenAt: Number(row.last_seen_at),
    expiresAt: Number(row.expires_at),
    ip: row.ip,
    userAgent: row.user_agent,
  }
}

export async function createSession(db: Db, s: SessionRecord): Promise<void> {
  await db
    .insertInto('sessions')
    .values({
      id_hash: s.idHash,
      user_id: s.userId,
      csrf_token: s.csrfToken,
      created_at: s.createdAt,
      last_seen_at: s.lastSeenAt,
      expires_at: s.expiresAt,
      ip: s.ip,
      user_agent: s.userAgent,
    })
    .execute()
}

export async function getSession(db: Db, idHash: string): Promise<SessionRecord | null> {
  const row = await db.selectFrom('sessions').selectAll().where('id_hash', '=', idHash).executeTakeFirst()
  return row ? sessionOf(row) : null
}

export async function touchSession(db: Db, idHash: string, now: number, expiresAt: number): Promise<void> {
  await db
    .updateTable('sessions')
    .set({ last_seen_at: now, expires_at: expiresAt })
    .where('id_hash', '=', idHash)
    .execute()
}

export async function deleteSession(db: Db, idHash: string): Promise<boolean> {
  const r = await db.deleteFrom('sessions').where('id_hash', '=', idHash).executeTakeFirst()
  return Number(r.numDeletedRows) > 0
}

export async function deleteUserSessions(db: Db, userId: number): Promise<number> {
  const r = await db.deleteFrom('sessions').where('user_id', '=', userId).executeTakeFirst()
  return Number(r.numDeletedRows)
}

export async function deleteExpiredSessions(db: Db, now: number): Promise<number> {
  const r = await db.deleteFrom('sessions').where('expires_at', '<=', now).executeTakeFirst()
  return Number(r.numDeletedRows)
}
