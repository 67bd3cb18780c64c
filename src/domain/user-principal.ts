// A signed-in person as the request's Principal: the project it acts in is the one asked for
// (X-Backwatch-Project / ?project=), else the user's first membership; its grants are the role
// held there. A project the user may not see is reported as absent (404), never as forbidden.
import { grantsOf, type Principal } from './access.js'
import { type Membership, roleIn } from './users.js'

export type UserPrincipalResult =
  | { ok: true; principal: Principal }
  | { ok: false; reason: 'project_not_found' }

export function userPrincipal(
  user: { id: number; username: string; instanceAdmin: boolean },
  memberships: Membership[],
  /** the project asked for, already resolved to its id (null: none asked for, undefined: unknown slug) */
  requested: number | null | undefined,
): UserPrincipalResult {
  if (requested === undefined) return { ok: false, reason: 'project_not_found' }
  const first = [...memberships].sort((a, b) => a.projectId - b.projectId)[0]
  const projectId = requested ?? first?.projectId ?? 1
  const role = roleIn(user, memberships, projectId)
  if (requested !== null && role === null) return { ok: false, reason: 'project_not_found' }
  return {
    ok: true,
    principal: {
      kind: 'user',
      id: user.id,
      name: user.username,
      projectId,
      grants: role === null ? [] : grantsOf({ role }),
      instanceAdmin: user.instanceAdmin,
      grantedBy: user.instanceAdmin
        ? 'instance admin rights'
        : role === null
          ? 'no role here'
          : `the ${role} role`,
    },
  }
}
