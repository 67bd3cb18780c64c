// Signing in: the password, then the second factor when the user has one, with lockout per
// account and throttling per address (domain/login-throttle.ts). An unknown username costs the
// same work and gets the same answers as a known one, lockout included: nothing tells which
// usernames exist.
import { createHash, randomBytes } from 'node:crypto'
import { hashPassword, verifyPassword } from '../../auth/password.js'
import { consumeRecoveryCode } from '../../auth/recovery-codes.js'
import { verifyTotp } from '../../auth/totp.js'
import { AddressThrottle, lockedUntilAfter } from '../../domain/login-throttle.js'
import { SESSION_IDLE_MS, type SessionRecord, type UserRecord } from '../../domain/users.js'
import type { SessionStore, UserStore } from '../../store/roles/user-store.js'

export interface LoginInput {
  username: string
  password: string
  totp?: string | undefined
  recoveryCode?: string | undefined
  ip: string
  userAgent: string | null
}

export type LoginResult =
  | { ok: true; sessionId: string; session: SessionRecord; user: UserRecord }
  | { ok: false; reason: 'invalid' | 'totp_required' | 'second_factor_invalid' }
  | { ok: false; reason: 'locked' | 'throttled'; retryAfterMs: number }

/** Failed-login facts this process keeps: per address, and per username nobody has. */
export class LoginGuard {
  readonly addresses = new AddressThrottle()
  private readonly unknown = new Map<string, { failures: number; lockedUntil: number | null }>()
  private dummyHash: Promise<string> | null = null

  /** A hash to verify against when the user does not exist (the same scrypt work). */
  dummy(): Promise<string> {
    this.dummyHash ??= hashPassword(randomBytes(16).toString('hex'))
    return this.dummyHash
  }

  unknownLockedUntil(username: string): number | null {
    return this.unknown.get(username)?.lockedUntil ?? null
  }

  failUnknown(username: string, now: number): void {
    const failures = (this.unknown.get(username)?.failures ?? 0) + 1
    this.unknown.delete(username)
    this.unknown.set(username, { failures, lockedUntil: lockedUntilAfter(failures, now) })
    // bounded: the oldest names are forgotten first
    if (this.unknown.size > 10_000) this.unknown.delete(this.unknown.keys().next().value!)
  }
}

export function hashSessionId(id: string): string {
  return createHash('sha256').update(id).digest('hex')
}

async function failed(
  store: UserStore & SessionStore,
  guard: LoginGuard,
  user: UserRecord,
  ip: string,
  now: number,
) {
  guard.addresses.fail(ip, now)
  const failures = await store.recordLoginFailure(user.id)
  const until = lockedUntilAfter(failures, now)
  if (until !== null) await store.lockUser(user.id, until)
}

/** Whether the second factor given is good (and now used up), or what is missing. */
async function secondFactor(
  store: UserStore & SessionStore,
  user: UserRecord & { totpSecret: string },
  input: LoginInput,
  now: number,
): Promise<'ok' | 'totp_required' | 'second_factor_invalid'> {
  if (input.totp) {
    const step = verifyTotp(user.totpSecret, input.totp, now, user.totpLastStep)
    // compare-and-set: a code seen twice at once is accepted once
    return step !== null && (await store.useTotpStep(user.id, step)) ? 'ok' : 'second_factor_invalid'
  }
  if (input.recoveryCode) {
    const left = consumeRecoveryCode(user.recoveryCodes, input.recoveryCode)
    return left !== null && (await store.replaceRecoveryCodes(user.id, user.recoveryCodes, left))
      ? 'ok'
      : 'second_factor_invalid'
  }
  return 'totp_required'
}

export async function login(
  store: UserStore & SessionStore,
  guard: LoginGuard,
  input: LoginInput,
  now: number,
): Promise<LoginResult> {
  const throttled = guard.addresses.retryAfter(input.ip, now)
  if (throttled > 0) return { ok: false, reason: 'throttled', retryAfterMs: throttled }
  const user = await store.getUser({ username: input.username })
  const lockedUntil = user ? user.lockedUntil : guard.unknownLockedUntil(input.username)
  if (lockedUntil !== null && lockedUntil > now)
    return { ok: false, reason: 'locked', retryAfterMs: lockedUntil - now }
  const passwordOk = await verifyPassword(input.password, user?.passwordHash ?? (await guard.dummy()))
  if (!user || !passwordOk) {
    if (user) await failed(store, guard, user, input.ip, now)
    else {
      guard.addresses.fail(input.ip, now)
      guard.failUnknown(input.username, now)
    }
    return { ok: false, reason: 'invalid' }
  }
  if (user.totpSecret !== null) {
    const factor = await secondFactor(store, { ...user, totpSecret: user.totpSecret }, input, now)
    if (factor === 'totp_required') return { ok: false, reason: factor }
    if (factor !== 'ok') {
      await failed(store, guard, user, input.ip, now)
      return { ok: false, reason: factor }
    }
  }
  await store.clearLoginFailures(user.id)
  await store.deleteExpiredSessions(now)
  const sessionId = randomBytes(32).toString('base64url')
  const session: SessionRecord = {
    idHash: hashSessionId(sessionId),
    userId: user.id,
    csrfToken: randomBytes(32).toString('base64url'),
    createdAt: now,
    lastSeenAt: now,
    expiresAt: now + SESSION_IDLE_MS,
    ip: input.ip,
    userAgent: input.userAgent === null ? null : input.userAgent.slice(0, 500),
  }
  await store.createSession(session)
  return { ok: true, sessionId, session, user }
}
