import { describe, expect, it } from 'vitest'
import {
  allows,
  type Capability,
  can,
  grantsOf,
  leastGrant,
  roleGrants,
  scopeGrants,
  seesPingSecrets,
  tokenPrincipal,
} from './access.js'

const ALL: Capability[] = ['read', 'ingest', 'operate', 'admin']

describe('access', () => {
  it('token scopes keep SPEC §3: read only reads, ingest also reports, admin does everything', () => {
    expect(ALL.filter((c) => scopeGrants('read', c))).toEqual(['read'])
    expect(ALL.filter((c) => scopeGrants('ingest', c))).toEqual(['read', 'ingest'])
    expect(ALL.filter((c) => scopeGrants('admin', c))).toEqual(ALL)
  })

  it('roles: a viewer reads, an operator also pauses and silences, an admin does everything', () => {
    expect(ALL.filter((c) => roleGrants('viewer', c))).toEqual(['read'])
    expect(ALL.filter((c) => roleGrants('operator', c))).toEqual(['read', 'operate'])
    expect(ALL.filter((c) => roleGrants('admin', c))).toEqual(ALL)
    expect(grantsOf({ role: 'operator' })).toEqual(['read', 'operate'])
  })

  it('a token becomes a principal of its project; only the bootstrap token is instance admin', () => {
    const reader = tokenPrincipal({ id: 3, name: 'ci', scope: 'read', source: 'config', projectId: 1 })
    expect(reader).toMatchObject({
      kind: 'token',
      projectId: 1,
      instanceAdmin: false,
      grantedBy: 'the read scope',
    })
    expect(can(reader, 'read')).toBe(true)
    expect(can(reader, 'operate')).toBe(false)
    expect(seesPingSecrets(reader)).toBe(false)
    const boot = tokenPrincipal({
      id: 1,
      name: 'bootstrap',
      scope: 'admin',
      source: 'bootstrap',
      projectId: 4,
    })
    expect(boot).toMatchObject({ instanceAdmin: true, projectId: 4 })
    expect(
      seesPingSecrets(tokenPrincipal({ id: 2, name: 'h', scope: 'ingest', source: 'api', projectId: 2 })),
    ).toBe(true)
  })

  it('names the least scope or role that would do, for 403 messages', () => {
    expect(leastGrant('token', 'operate')).toBe('admin')
    expect(leastGrant('token', 'ingest')).toBe('ingest')
    expect(leastGrant('user', 'operate')).toBe('operator')
    expect(leastGrant('user', 'read')).toBe('viewer')
  })

  it('instance_admin is above every project: only an instance admin has it, whatever its grants', () => {
    const admin = tokenPrincipal({ id: 3, name: 'ops', scope: 'admin', source: 'config', projectId: 2 })
    expect(allows(admin, 'admin')).toBe(true)
    expect(allows(admin, 'instance_admin')).toBe(false)
    const boot = tokenPrincipal({
      id: 1,
      name: 'bootstrap',
      scope: 'admin',
      source: 'bootstrap',
      projectId: 1,
    })
    expect(allows(boot, 'instance_admin')).toBe(true)
    expect(allows({ ...boot, grants: [] }, 'instance_admin')).toBe(true)
  })
})
