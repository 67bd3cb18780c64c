// The users and sessions part of the Store contract, once per backend (SQLite always, PostgreSQL
// when configured).
import { describe, expect, it } from 'vitest'
import type { SessionRecord } from '../src/domain/users.js'
import type { Store } from '../src/store/store.js'
import { backends, openEachTest } from './support/stores.js'

const T0 = 1_700_000_000_000

const session = (userId: number, over: Partial<SessionRecord> = {}): SessionRecord => ({
  idHash: `hash-${Math.random()}`,
  userId,
  csrfToken: 'csrf',
  createdAt: T0,
  lastSeenAt: T0,
  expiresAt: T0 + 1000,
  ip: '127.0.0.1',
  userAgent: 'test',
  ...over,
})

describe.each(backends)('users store on $name', (backend) => {
  let store: Store
  openEachTest(backend, (o) => {
    store = o.store
  })

  it('creates a user with memberships once per username, reads and lists it', async () => {
    const alice = await store.createUser(
      {
        username: 'alice',
        passwordHash: 'scrypt$h',
        instanceAdmin: false,
        memberships: [{ projectId: 1, role: 'operator' }],
      },
      T0,
    )
    expect(alice).toMatchObject({
      username: 'alice',
      passwordHash: 'scrypt$h',
      instanceAdmin: false,
      totpSecret: null,
      recoveryCodes: [],
      failedLogins: 0,
      lockedUntil: null,
      createdAt: T0,
    })
    const again = { username: 'alice', passwordHash: 'x', instanceAdmin: true, memberships: [] }
    expect(await store.createUser(again, T0)).toBeNull()
    const bob = await store.createUser({ ...again, username: 'bob' }, T0)
    expect(await store.getUser({ username: 'alice' })).toEqual(alice)
    expect(await store.getUser({ id: bob!.id })).toMatchObject({ username: 'bob', instanceAdmin: true })
    expect((await store.listUsers()).map((u) => u.username)).toEqual(['alice', 'bob'])
    expect(await store.countUsers()).toBe(2)
    const ms = await store.membershipsOf([alice!.id, bob!.id])
    expect(ms.get(alice!.id)).toEqual([{ projectId: 1, role: 'operator' }])
    expect(ms.has(bob!.id)).toBe(false)
    await store.putMembership(alice!.id, { projectId: 1, role: 'viewer' })
    await store.putMembership(alice!.id, { projectId: 7, role: 'admin' })
    expect((await store.membershipsOf([alice!.id])).get(alice!.id)).toEqual([
      { projectId: 1, role: 'viewer' },
      { projectId: 7, role: 'admin' },
    ])
  })

  it('counts failures, locks, clears; a TOTP step and recovery codes are used once', async () => {
    const u = (await store.createUser(
      { username: 'carol', passwordHash: 'h', instanceAdmin: false, memberships: [] },
      T0,
    ))!
    expect(await store.recordLoginFailure(u.id)).toBe(1)
    expect(await store.recordLoginFailure(u.id)).toBe(2)
    await store.lockUser(u.id, T0 + 30_000)
    expect(await store.getUser({ id: u.id })).toMatchObject({ failedLogins: 2, lockedUntil: T0 + 30_000 })
    await store.clearLoginFailures(u.id)
    expect(await store.getUser({ id: u.id })).toMatchObject({ failedLogins: 0, lockedUntil: null })

    await store.setTotp(u.id, 'SECRET', ['a', 'b'], T0 + 1)
    expect(await store.getUser({ id: u.id })).toMatchObject({
      totpSecret: 'SECRET',
      totpLastStep: null,
      recoveryCodes: ['a', 'b'],
      updatedAt: T0 + 1,
    })
    expect(await store.useTotpStep(u.id, 100)).toBe(true)
    expect(await store.useTotpStep(u.id, 100)).toBe(false)
    expect(await store.useTotpStep(u.id, 99)).toBe(false)
    expect(await store.useTotpStep(u.id, 101)).toBe(true)
    expect(await store.replaceRecoveryCodes(u.id, ['a', 'b'], ['b'])).toBe(true)
    expect(await store.replaceRecoveryCodes(u.id, ['a', 'b'], ['a'])).toBe(false)
    expect((await store.getUser({ id: u.id }))!.recoveryCodes).toEqual(['b'])

    await store.setPassword(u.id, 'new-hash', T0 + 2)
    expect(await store.getUser({ id: u.id })).toMatchObject({ passwordHash: 'new-hash', updatedAt: T0 + 2 })
    await store.setTotp(u.id, null, [], T0 + 3)
    expect(await store.getUser({ id: u.id })).toMatchObject({ totpSecret: null, recoveryCodes: [] })
  })

  it('keeps sessions, touches, revokes per user, forgets expired ones; deleting a user takes its rows', async () => {
    const u = (await store.createUser(
      {
        username: 'dave',
        passwordHash: 'h',
        instanceAdmin: false,
        memberships: [{ projectId: 1, role: 'admin' }],
      },
      T0,
    ))!
    const v = (await store.createUser(
      { username: 'erin', passwordHash: 'h', instanceAdmin: false, memberships: [] },
      T0,
    ))!
    const s1 = session(u.id, { idHash: 's1' })
    await store.createSession(s1)
    await store.createSession(session(u.id, { idHash: 's2', expiresAt: T0 + 10 }))
    await store.createSession(session(v.id, { idHash: 's3' }))
    expect(await store.getSession('s1')).toEqual(s1)
    await store.touchSession('s1', T0 + 60_000, T0 + 90_000)
    expect(await store.getSession('s1')).toMatchObject({ lastSeenAt: T0 + 60_000, expiresAt: T0 + 90_000 })
    expect(await store.deleteExpiredSessions(T0 + 10)).toBe(1)
    expect(await store.getSession('s2')).toBeNull()
    expect(await store.deleteSession('s3')).toBe(true)
    expect(await store.deleteSession('s3')).toBe(false)
    await store.createSession(session(u.id, { idHash: 's4' }))
    expect(await store.deleteUserSessions(u.id)).toBe(2)
    await store.createSession(session(u.id, { idHash: 's5' }))
    expect(await store.deleteUser(u.id)).toBe(true)
    expect(await store.deleteUser(u.id)).toBe(false)
    expect(await store.getSession('s5')).toBeNull()
    expect((await store.membershipsOf([u.id])).size).toBe(0)
    expect(await store.countUsers()).toBe(1)
  })
})
