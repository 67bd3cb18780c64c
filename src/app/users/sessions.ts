// A request's session cookie → the signed-in user, with the idle deadline slid forward (written
// at most once a minute), or null when the session is unknown, expired or its user gone.
import {
  type Membership,
  type SessionRecord,
  sessionExpired,
  sessionTouch,
  type UserRecord,
} from '../../domain/users.js'
import type { SessionStore, UserStore } from '../../store/roles/user-store.js'
import { hashSessionId } from './login.js'

export interface ActiveSession {
  session: SessionRecord
  user: UserRecord
  memberships: Membership[]
  /** the idle deadline moved: the cookie's lifetime should follow */
  touched: boolean
}

export async function activeSession(
  store: UserStore & SessionStore,
  sessionId: string,
  now: number,
): Promise<ActiveSession | null> {
  const session = await store.getSession(hashSessionId(sessionId))
  if (!session) return null
  if (sessionExpired(session, now)) {
    await store.deleteSession(session.idHash)
    return null
  }
  const user = await store.getUser({ id: session.userId })
  if (!user) return null
  const expiresAt = sessionTouch(session, now)
  if (expiresAt !== null) await store.touchSession(session.idHash, now, expiresAt)
  const memberships = (await store.membershipsOf([user.id])).get(user.id) ?? []
  return {
    session: expiresAt === null ? session : { ...session, lastSeenAt: now, expiresAt },
    user,
    memberships,
    touched: expiresAt !== null,
  }
}

/** Logout: the session row is deleted, so the cookie is worthless even if kept. */
export async function endSession(store: UserStore & SessionStore, sessionId: string): Promise<void> {
  await store.deleteSession(hashSessionId(sessionId))
}
