// People who sign in: their records, their role per project and their browser sessions. The store
// persists these facts; the rules about them (names, idle expiry) are here, with time passed in.
import type { Role } from './access.js'

export interface Membership {
  projectId: number
  role: Role
}

export interface UserRecord {
  id: number
  username: string
  /** scrypt$N$r$p$salt$key (auth/password.ts); never leaves the server */
  passwordHash: string
  /** base32 TOTP secret when the second factor is on */
  totpSecret: string | null
  /** the newest TOTP step accepted (a code is good once) */
  totpLastStep: number | null
  /** SHA-256 hashes of the unused recovery codes */
  recoveryCodes: string[]
  /** admin in every project, may manage projects */
  instanceAdmin: boolean
  /** failed logins in a row */
  failedLogins: number
  lockedUntil: number | null
  createdAt: number
  updatedAt: number
}

export interface SessionRecord {
  /** SHA-256 of the cookie's value: the database alone cannot be used to sign in */
  idHash: string
  userId: number
  csrfToken: string
  createdAt: number
  lastSeenAt: number
  expiresAt: number
  ip: string | null
  userAgent: string | null
}

/** A session ends after a week without use. */
export const SESSION_IDLE_MS = 7 * 24 * 60 * 60_000
/** last_seen_at is written at most this often (a busy dashboard does not write on every request). */
export const SESSION_TOUCH_MS = 60_000

export function sessionExpired(session: SessionRecord, now: number): boolean {
  return session.expiresAt <= now
}

/** The new idle deadline when the session's use at `now` should be recorded, else null. */
export function sessionTouch(session: SessionRecord, now: number): number | null {
  return now - session.lastSeenAt >= SESSION_TOUCH_MS ? now + SESSION_IDLE_MS : null
}

const USERNAME = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/

/** Why a username is refused, or null. */
export function usernameProblem(name: string): string | null {
  return USERNAME.test(name)
    ? null
    : 'a username is 1 to 64 letters, digits, ".", "_", "@" or "-", starting with a letter or digit'
}

/** The role a user holds in a project, or null (instance admins are admin everywhere). */
export function roleIn(
  user: { instanceAdmin: boolean },
  memberships: Membership[],
  projectId: number,
): Role | null {
  if (user.instanceAdmin) return 'admin'
  return memberships.find((m) => m.projectId === projectId)?.role ?? null
}
