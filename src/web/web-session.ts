// The signed-in person behind a dashboard request: the session cookie → the user, the project it
// acts in and the projects it may switch to. The project is `?project=<slug>` for one request,
// else the one chosen with the switcher (a cookie), else the user's first membership.
import type { IncomingMessage, ServerResponse } from 'node:http'
import { clearedSessionCookie, sessionCookie, sessionCookieOf } from '../app/users/session-cookie.js'
import { type ActiveSession, activeSession } from '../app/users/sessions.js'
import type { Principal } from '../domain/access.js'
import type { ProjectRecord } from '../domain/projects.js'
import { userPrincipal } from '../domain/user-principal.js'
import { notFound } from '../http/http-error.js'
import type { WebDeps } from './web-deps.js'

export const PROJECT_COOKIE = 'backwatch_project'

export interface WebSession {
  sessionId: string
  active: ActiveSession
  principal: Principal
  project: ProjectRecord
  /** the projects this user may act in, by slug */
  projects: ProjectRecord[]
}

export function cookieValue(req: IncomingMessage, name: string): string | null {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=')
    if (eq >= 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim()
  }
  return null
}

/** Set-Cookie remembering the project chosen with the switcher (not a secret). */
export function projectCookie(slug: string, baseUrl: string): string {
  const secure = baseUrl.startsWith('https:') ? '; Secure' : ''
  return `${PROJECT_COOKIE}=${slug}; HttpOnly; SameSite=Lax; Path=/; Max-Age=31536000${secure}`
}

async function visibleProjects(deps: WebDeps, active: ActiveSession): Promise<ProjectRecord[]> {
  const all = await deps.store.listProjects()
  if (active.user.instanceAdmin) return all
  const mine = new Set(active.memberships.map((m) => m.projectId))
  return all.filter((p) => mine.has(p.id))
}

/** The request's session, or null when it has none (or an ended one, whose cookie is cleared). */
export async function webSession(
  deps: WebDeps,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<WebSession | null> {
  const sessionId = sessionCookieOf(req)
  if (sessionId === null) return null
  const active = await activeSession(deps.store, sessionId, deps.clock.now())
  if (!active) {
    res.appendHeader('Set-Cookie', clearedSessionCookie(deps.baseUrl))
    return null
  }
  if (active.touched) res.appendHeader('Set-Cookie', sessionCookie(sessionId, deps.baseUrl))
  const projects = await visibleProjects(deps, active)
  const asked = url.searchParams.get('project')
  let project: ProjectRecord | undefined
  if (asked) {
    project = projects.find((p) => p.slug === asked)
    if (!project) throw notFound(`project "${asked}"`)
  } else {
    const chosen = cookieValue(req, PROJECT_COOKIE)
    project = projects.find((p) => p.slug === chosen)
  }
  const result = userPrincipal(active.user, active.memberships, project?.id ?? null)
  if (!result.ok) throw notFound('project')
  const principal = result.principal
  project ??= projects.find((p) => p.id === principal.projectId) ?? (await defaultProject(deps, principal))
  return { sessionId, active, principal, project, projects }
}

/** A user without memberships acts in project 1 with no grants; its record is still needed. */
async function defaultProject(deps: WebDeps, principal: Principal): Promise<ProjectRecord> {
  const p = await deps.store.getProject({ id: principal.projectId })
  if (!p) throw notFound('project')
  return p
}
