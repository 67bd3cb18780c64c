// The store's roles for people and their browser sessions (issue 12); SQL in users-queries.ts
// and sessions-queries.ts.
import type { Membership, SessionRecord, UserRecord } from '../../domain/users.js'

export interface NewUser {
  username: string
  passwordHash: string
  instanceAdmin: boolean
  memberships: Membership[]
}

export type UserRef = { id: number } | { username: string }

export interface UserStore {
  /** Creates the user with its memberships; null when the username is taken. */
  createUser(user: NewUser, now: number): Promise<UserRecord | null>
  getUser(ref: UserRef): Promise<UserRecord | null>
  /** Every user by username. */
  listUsers(): Promise<UserRecord[]>
  countUsers(): Promise<number>
  /** Deletes the user, its memberships and its sessions. */
  deleteUser(id: number): Promise<boolean>
  /** Sets a new password hash and clears any lockout (the caller revokes the sessions). */
  setPassword(id: number, passwordHash: string, now: number): Promise<void>
  /** Turns TOTP on (a secret and recovery code hashes) or off (null, []). */
  setTotp(id: number, secret: string | null, recoveryCodeHashes: string[], now: number): Promise<void>
  /** The memberships of each user, by project id (users with none absent). */
  membershipsOf(userIds: number[]): Promise<Map<number, Membership[]>>
  /** Gives the user `role` in the project (replacing a role held there). */
  putMembership(userId: number, membership: Membership): Promise<void>
  /** Counts a failed login; returns the failures in a row now. */
  recordLoginFailure(id: number): Promise<number>
  lockUser(id: number, until: number): Promise<void>
  /** A successful login: failures and lock cleared. */
  clearLoginFailures(id: number): Promise<void>
  /** Records the TOTP step just used unless it is not newer than the last one (false: a replay). */
  useTotpStep(id: number, step: number): Promise<boolean>
  /** Replaces the recovery codes if they are still `expected` (false: used concurrently). */
  replaceRecoveryCodes(id: number, expected: string[], next: string[]): Promise<boolean>
}

export interface SessionStore {
  createSession(session: SessionRecord): Promise<void>
  getSession(idHash: string): Promise<SessionRecord | null>
  /** Records the session's use: last seen at `now`, idle deadline `expiresAt`. */
  touchSession(idHash: string, now: number, expiresAt: number): Promise<void>
  deleteSession(idHash: string): Promise<boolean>
  /** Revokes every session of the user; returns how many. */
  deleteUserSessions(userId: number): Promise<number>
  /** Forgets sessions whose idle deadline has passed; returns how many. */
  deleteExpiredSessions(now: number): Promise<number>
}
