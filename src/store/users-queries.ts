// The users' and memberships' SQL, one set for SQLite and PostgreSQL. The store's methods call these
// (kysely/users.ts).
import type { Kysely } from 'kysely'
import type { Role } from '../domain/access.js'
import type { Membership, UserRecord } from '../domain/users.js'
import type { NewUser, UserRef } from './roles/user-store.js'
import type { Database, UsersTable } from './schema.js'

type Db = Kysely<Database>
type UserRow = { [K in keyof UsersTable]: K extends 'id' ? number : UsersTable[K] }

function userOf(row: UserRow): UserRecord {
  let codes: string[] = []
  try {
    codes = JSON.parse(row.recovery_codes) as string[]
  } catch {
    // an unreadable list holds no usable code
  }
  return {
    id: Number(row.id),
    username: row.username,
    passwordHash: row.password_hash,
    totpSecret: row.totp_secret,
    totpLastStep: row.totp_last_step === null ? null : Number(row.totp_last_step),
    recoveryCodes: codes,
    instanceAdmin: Number(row.instance_admin) === 1,
    failedLogins: Number(row.failed_logins),
    lockedUntil: row.locked_until === null ? null : Number(row.locked_until),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  }
}

export async function createUser(db: Db, user: NewUser, now: number): Promise<UserRecord | null> {
  const row = await db
    .insertInto('users')
    .values({
      username: user.username,
      password_hash: user.passwordHash,
      totp_secret: null,
      totp_last_step: null,
      recovery_codes: '[]',
      instance_admin: user.instanceAdmin ? 1 : 0,
      created_at: now,
      updated_at: now,
      failed_logins: 0,
      locked_until: null,
    })
    .onConflict((oc) => oc.column('username').doNothing())
    .returning('id')
    .executeTakeFirst()
  if (!row) return null
  for (const m of user.memberships) await putMembership(db, Number(row.id), m)
  return getUser(db, { id: Number(row.id) })
}

export async function getUser(db: Db, ref: UserRef): Promise<UserRecord | null> {
  const q = db.selectFrom('users').selectAll()
  const row = await ('id' in ref
    ? q.where('id', '=', ref.id)
    : q.where('username', '=', ref.username)
  ).executeTakeFirst()
  return row ? userOf(row) : null
}

export async function listUsers(db: Db): Promise<UserRecord[]> {
  const rows = await db.selectFrom('users').selectAll().orderBy('username').execute()
  return rows.map(userOf)
}

export async function countUsers(db: Db): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

export async function deleteUser(db: Db, id: number): Promise<boolean> {
  // explicit rather than trusting every connection to enforce the foreign keys' cascade
  await db.deleteFrom('sessions').where('user_id', '=', id).execute()
  await db.deleteFrom('memberships').where('user_id', '=', id).execute()
  const r = await db.deleteFrom('users').where('id', '=', id).executeTakeFirst()
  return Number(r.numDeletedRows) > 0
}

export async function setPassword(db: Db, id: number, passwordHash: string, now: number): Promise<void> {
  await db
    .updateTable('users')
    .set({ password_hash: passwordHash, failed_logins: 0, locked_until: null, updated_at: now })
    .where('id', '=', id)
    .execute()
}

export async function setTotp(
  db: Db,
  id: number,
  secret: string | null,
  recoveryCodeHashes: string[],
  now: number,
): Promise<void> {
  await db
    .updateTable('users')
    .set({
      totp_secret: secret,
      totp_last_step: null,
      recovery_codes: JSON.stringify(recoveryCodeHashes),
      updated_at: now,
    })
    .where('id', '=', id)
    .execute()
}

export async function membershipsOf(db: Db, userIds: number[]): Promise<Map<number, Membership[]>> {
  const out = new Map<number, Membership[]>()
  if (userIds.length === 0) return out
  const rows = await db
    .selectFrom('memberships')
    .select(['user_id', 'project_id', 'role'])
    .where('user_id', 'in', userIds)
    .orderBy('user_id')
    .orderBy('project_id')
    .execute()
  for (const r of rows) {
    const list = out.get(Number(r.user_id)) ?? []
    list.push({ projectId: Number(r.project_id), role: r.role as Role })
    out.set(Number(r.user_id), list)
  }
  return out
}

export async function putMembership(db: Db, userId: number, m: Membership): Promise<void> {
  await db
    .insertInto('memberships')
    .values({ user_id: userId, project_id: m.projectId, role: m.role })
    .onConflict((oc) => oc.columns(['user_id', 'project_id']).doUpdateSet({ role: m.role }))
    .execute()
}

export async function recordLoginFailure(db: Db, id: number): Promise<number> {
  const row = await db
    .updateTable('users')
    .set((eb) => ({ failed_logins: eb('failed_logins', '+', 1) }))
    .where('id', '=', id)
    .returning('failed_logins')
    .executeTakeFirst()
  return Number(row?.failed_logins ?? 0)
}

export async function lockUser(db: Db, id: number, until: number): Promise<void> {
  await db.updateTable('users').set({ locked_until: until }).where('id', '=', id).execute()
}

export async function clearLoginFailures(db: Db, id: number): Promise<void> {
  await db
    .updateTable('users')
    .set({ failed_logins: 0, locked_until: null })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('failed_logins', '!=', 0), eb('locked_until', 'is not', null)]))
    .execute()
}

export async function useTotpStep(db: Db, id: number, step: number): Promise<boolean> {
  const r = await db
    .updateTable('users')
    .set({ totp_last_step: step })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
    .executeTakeFirst()
  return Number(r.numUpdatedRows) > 0
}

export async function replaceRecoveryCodes(
  db: Db,
  id: number,
  expected: string[],
  next: string[],
): Promise<boolean> {
  const r = await db
    .updateTable('users')
    .set({ recovery_codes: JSON.stringify(next) })
    .where('id', '=', id)
    .where('recovery_codes', '=', JSON.stringify(expected))
    .executeTakeFirst()
  return Number(r.numUpdatedRows) > 0
}
