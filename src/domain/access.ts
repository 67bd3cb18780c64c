// Who may do what in a project. Tokens carry a scope (read < ingest < admin, SPEC §3), people a
// role (viewer < operator < admin); a route names the capability it needs.
//   read     GET anything of the project
//   ingest   report runs and heartbeats, create jobs and servers doing so
//   operate  pause/resume, silence, test a channel, resolve a manual alert
//   admin    everything else: jobs, servers, channels, policies, tokens, the project itself

export type Capability = 'read' | 'ingest' | 'operate' | 'admin'
export type TokenScope = 'read' | 'ingest' | 'admin'
export type Role = 'viewer' | 'operator' | 'admin'

export const ROLES: readonly Role[] = ['viewer', 'operator', 'admin']
export const TOKEN_SCOPES: readonly TokenScope[] = ['read', 'ingest', 'admin']

const BY_SCOPE: Record<TokenScope, readonly Capability[]> = {
  read: ['read'],
  ingest: ['read', 'ingest'],
  // a token is a machine: operate stays with admin, as before roles existed
  admin: ['read', 'ingest', 'operate', 'admin'],
}

const BY_ROLE: Record<Role, readonly Capability[]> = {
  viewer: ['read'],
  operator: ['read', 'operate'],
  admin: ['read', 'ingest', 'operate', 'admin'],
}

export function scopeGrants(scope: TokenScope, need: Capability): boolean {
  return BY_SCOPE[scope].includes(need)
}

export function roleGrants(role: Role, need: Capability): boolean {
  return BY_ROLE[role].includes(need)
}

/** The capabilities a role or scope holds, as words for an error message. */
export function grantsOf(who: { role: Role } | { scope: TokenScope }): readonly Capability[] {
  return 'role' in who ? BY_ROLE[who.role] : BY_SCOPE[who.scope]
}
