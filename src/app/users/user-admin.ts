// Managing users (the `backwatch users` commands and the first admin at start): names and
// passwords checked, passwords hashed, sessions revoked when a password changes.
import { hashPassword, passwordProblem } from '../../auth/password.js'
import { hashRecoveryCode, newRecoveryCodes } from '../../auth/recovery-codes.js'
import { newTotpSecret, totpUri } from '../../auth/totp.js'
import type { Role } from '../../domain/access.js'
import { type UserRecord, usernameProblem } from '../../domain/users.js'
import type { ProjectStore } from '../../store/roles/project-store.js'
import type { UserStore } from '../../store/roles/user-store.js'
import type { CoreStore } from '../../store/store.js'
import { projectIdOf, projectSlugsOf } from '../project-slugs.js'

/** A refused request, worded for the person who made it. */
export class UserAdminError extends Error {}

export interface NewUserInput {
  username: string
  password: string
  /** admin in every project */
  instanceAdmin: boolean
  role: Role
  /** the project's slug */
  project: string
}

export async function addUser(
  store: UserStore & ProjectStore,
  input: NewUserInput,
  now: number,
): Promise<UserRecord> {
  const problem = usernameProblem(input.username) ?? passwordProblem(input.password)
  if (problem) throw new UserAdminError(problem)
  const projectId = await projectIdOf(store, input.project)
  if (projectId === null) throw new UserAdminError(`project "${input.project}" not found`)
  const user = await store.createUser(
    {
      username: input.username,
      passwordHash: await hashPassword(input.password),
      instanceAdmin: input.instanceAdmin,
      memberships: [{ projectId, role: input.instanceAdmin ? 'admin' : input.role }],
    },
    now,
  )
  if (!user) throw new UserAdminError(`user "${input.username}" already exists`)
  return user
}

async function existing(store: UserStore, username: string): Promise<UserRecord> {
  const user = await store.getUser({ username })
  if (!user) throw new UserAdminError(`user "${username}" not found`)
  return user
}

/** Sets a new password and signs the user out everywhere; returns how many sessions ended. */
export async function changePassword(
  store: UserStore & CoreStore,
  username: string,
  password: string,
  now: number,
) {
  const problem = passwordProblem(password)
  if (problem) throw new UserAdminError(problem)
  const user = await existing(store, username)
  const hash = await hashPassword(password)
  return store.transaction(async (tx) => {
    await tx.setPassword(user.id, hash, now)
    return tx.deleteUserSessions(user.id)
  })
}

/** Deletes the user with its memberships and sessions. */
export async function removeUser(store: UserStore, username: string): Promise<void> {
  const user = await existing(store, username)
  await store.deleteUser(user.id)
}

export interface TotpEnrolment {
  /** otpauth:// URI for an authenticator app */
  uri: string
  secret: string
  /** shown once; only their hashes are stored */
  recoveryCodes: string[]
}

/** Turns the second factor on with a new secret and new recovery codes (replacing earlier ones). */
export async function enableTotp(store: UserStore, username: string, now: number): Promise<TotpEnrolment> {
  const user = await existing(store, username)
  const secret = newTotpSecret()
  const recoveryCodes = newRecoveryCodes()
  await store.setTotp(user.id, secret, recoveryCodes.map(hashRecoveryCode), now)
  return { uri: totpUri(secret, user.username), secret, recoveryCodes }
}

export async function disableTotp(store: UserStore, username: string, now: number): Promise<void> {
  const user = await existing(store, username)
  await store.setTotp(user.id, null, [], now)
}

/** A user as listed: never a hash nor a secret. */
export interface UserListing {
  username: string
  instance_admin: boolean
  totp: boolean
  memberships: { project: string; role: Role }[]
  locked_until: string | null
  created_at: string
}

export async function listUsers(store: UserStore & ProjectStore, now: number): Promise<UserListing[]> {
  const users = await store.listUsers()
  const memberships = await store.membershipsOf(users.map((u) => u.id))
  const slugs = await projectSlugsOf(store, [
    ...new Set([...memberships.values()].flat().map((m) => m.projectId)),
  ])
  return users.map((u) => ({
    username: u.username,
    instance_admin: u.instanceAdmin,
    totp: u.totpSecret !== null,
    memberships: (memberships.get(u.id) ?? []).map((m) => ({
      project: slugs.get(m.projectId) ?? String(m.projectId),
      role: m.role,
    })),
    locked_until:
      u.lockedUntil !== null && u.lockedUntil > now ? new Date(u.lockedUntil).toISOString() : null,
    created_at: new Date(u.createdAt).toISOString(),
  }))
}
