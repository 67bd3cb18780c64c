import { describe, expect, it } from 'vitest'
import { type Capability, grantsOf, roleGrants, scopeGrants } from './access.js'

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
})
