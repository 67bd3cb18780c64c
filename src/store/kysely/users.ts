// UserStore and SessionStore on Kysely (queries in users-queries.ts, sessions-queries.ts).
import type { SessionStore, UserStore } from '../roles/user-store.js'
import * as sessions from '../sessions-queries.js'
import * as q from '../users-queries.js'
import { onConnection, type RoleMethods } from './store-context.js'

export const userMethods = {
  ...onConnection({
    getUser: q.getUser,
    listUsers: q.listUsers,
    countUsers: q.countUsers,
    setPassword: q.setPassword,
    setTotp: q.setTotp,
    membershipsOf: q.membershipsOf,
    putMembership: q.putMembership,
    recordLoginFailure: q.recordLoginFailure,
    lockUser: q.lockUser,
    clearLoginFailures: q.clearLoginFailures,
    useTotpStep: q.useTotpStep,
    replaceRecoveryCodes: q.replaceRecoveryCodes,
  }),
  // a user and its memberships (and, deleting, its sessions) are written together
  createUser: (store, user, now) => store.withTransaction((tx) => q.createUser(tx.db, user, now)),
  deleteUser: (store, id) => store.withTransaction((tx) => q.deleteUser(tx.db, id)),
} satisfies RoleMethods<UserStore>

export const sessionMethods = onConnection({
  createSession: sessions.createSession,
  getSession: sessions.getSession,
  touchSession: sessions.touchSession,
  deleteSession: sessions.deleteSession,
  deleteUserSessions: sessions.deleteUserSessions,
  deleteExpiredSessions: sessions.deleteExpiredSessions,
}) satisfies RoleMethods<SessionStore>
