import { describe, expect, it } from 'vitest'
import { userPrincipal } from './user-principal.js'
import {
  SESSION_IDLE_MS,
  SESSION_TOUCH_MS,
  type SessionRecord,
  sessionExpired,
  sessionTouch,
  usernameProblem,
} from './users.js'

const alice = { id: 4, username: 'alice', instanceAdmin: false }

describe('user principal', () => {
  it('acts in the first membership by default, with that role’s grants', () => {
    const r = userPrincipal(
      alice,
      [
        { projectId: 3, role: 'admin' },
        { projectId: 2, role: 'viewer' },
      ],
      null,
    )
    expect(r).toEqual({
      ok: true,
      principal: {
        kind: 'user',
        id: 4,
        name: 'alice',
        projectId: 2,
        grants: ['read'],
        instanceAdmin: false,
        grantedBy: 'the viewer role',
      },
    })
  })

  it('a project asked for without a role there, or unknown, is not found; an instance admin may act anywhere', () => {
    expect(userPrincipal(alice, [{ projectId: 1, role: 'operator' }], 9)).toEqual({
      ok: false,
      reason: 'project_not_found',
    })
    expect(userPrincipal(alice, [], undefined)).toEqual({ ok: false, reason: 'project_not_found' })
    const admin = userPrincipal({ ...alice, instanceAdmin: true }, [], 9)
    expect(admin.ok && admin.principal).toMatchObject({
      projectId: 9,
      grants: ['read', 'ingest', 'operate', 'admin'],
    })
    const none = userPrincipal(alice, [], null)
    expect(none.ok && none.principal).toMatchObject({ projectId: 1, grants: [], grantedBy: 'no role here' })
  })
})

describe('sessions and usernames', () => {
  const s = { lastSeenAt: 1_000_000, expiresAt: 1_000_000 + SESSION_IDLE_MS } as SessionRecord
  it('expire at the idle deadline and are touched at most once a minute', () => {
    expect(sessionExpired(s, s.expiresAt - 1)).toBe(false)
    expect(sessionExpired(s, s.expiresAt)).toBe(true)
    expect(sessionTouch(s, s.lastSeenAt + SESSION_TOUCH_MS - 1)).toBeNull()
    expect(sessionTouch(s, s.lastSeenAt + SESSION_TOUCH_MS)).toBe(
      s.lastSeenAt + SESSION_TOUCH_MS + SESSION_IDLE_MS,
    )
  })

  it('usernames are short and plain', () => {
    for (const ok of ['alice', 'a.b-c_d@example.com', '7']) expect(usernameProblem(ok)).toBeNull()
    for (const bad of ['', '.x', 'a b', 'x'.repeat(65), 'é']) expect(usernameProblem(bad)).not.toBeNull()
  })
})
