// Who may do what in a project. Tokens carry a scope (read < ingest < admin, SPEC §3), people a
// role (viewer < operator < admin); a route names the capability it needs.
//   read     GET anything of the project
//   ingest   report runs and heartbeats, create jobs and servers doing so
//   operate  pause/resume, silence, test a channel, resolve a manual alert
//   admin    everything else: jobs, servers, channels, policies, tokens, the project itself

export type Capability = 'read' | 'ingest' | 'operate' | 'admin'
/**
 * What a route needs: a capability in the request's project, or `instance_admin`: rights above
 * every project (managing the projects themselves), held by the bootstrap token and users made
 * with --admin, whatever project the request acts in.
 */
export type Need = Capability | 'instance_admin'
export type TokenScope = 'read' | 'ingest' | 'admin'
export type Role = 'viewer' | 'operator' | 'admin'

export const ROLES: readonly Role[] = ['viewer', 'operator', 'admin']
export const TOKEN_SCOPES = ['read', 'ingest', 'admin'] as const satisfies readonly TokenScope[]

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

/** Who makes a request: a token or a signed-in person, acting in one project. */
export interface Principal {
  kind: 'token' | 'user'
  /** the token's or user's id */
  id: number
  /** the token's name or the user's username, for the audit log and messages */
  name: string
  /** the project the request acts in */
  projectId: number
  /** what it may do there */
  grants: readonly Capability[]
  /** may manage projects and act in any of them (the bootstrap token, users made with --admin) */
  instanceAdmin: boolean
  /** how the grants were given, for error messages: "the read scope", "the viewer role" */
  grantedBy: string
}

export function can(principal: Principal, need: Capability): boolean {
  return principal.grants.includes(need)
}

export function allows(principal: Principal, need: Need): boolean {
  return need === 'instance_admin' ? principal.instanceAdmin : can(principal, need)
}

/** Ping URLs and the ping key are secrets: whoever may report or operate sees them, viewers don't. */
export function seesPingSecrets(principal: Principal): boolean {
  return can(principal, 'ingest') || can(principal, 'operate')
}

/** A token acts in its own project; the bootstrap token is an instance admin besides. */
export function tokenPrincipal(token: {
  id: number
  name: string
  scope: TokenScope
  source: string
  projectId: number
}): Principal {
  return {
    kind: 'token',
    id: token.id,
    name: token.name,
    projectId: token.projectId,
    grants: BY_SCOPE[token.scope],
    instanceAdmin: token.source === 'bootstrap',
    grantedBy: `the ${token.scope} scope`,
  }
}

/** The least scope or role that grants `need`, for "this request needs …" messages. */
export function leastGrant(kind: Principal['kind'], need: Capability): string {
  if (kind === 'token') return TOKEN_SCOPES.find((s) => scopeGrants(s, need))!
  return ROLES.find((r) => roleGrants(r, need))!
}
