// Wraps an API handler: authenticates the request for the capability the route needs, and maps
// the store's typed failures (bad cursor, unique-key race) to API errors.
import { auditRecorder } from '../app/audit-trail.js'
import type { Need, Principal } from '../domain/access.js'
import { principalActor } from '../domain/audit.js'
import { HttpError } from '../http/http-error.js'
import type { RouteContext, RouteHandler } from '../http/router.js'
import { CursorError } from '../store/cursor.js'
import { DuplicateError } from '../store/duplicate-error.js'
import type { AuditRecorder } from '../store/roles/audit-store.js'
import type { ApiDeps } from './api-deps.js'
import { conflict, invalidCursor } from './api-errors.js'
import { authenticate } from './auth.js'

export interface ApiContext extends RouteContext {
  principal: Principal
  /** the project the request acts in */
  projectId: number
  /** a HEAD request: answer with headers only */
  head: boolean
  /** records a change this request made in the audit log (its principal and address), in `tx` */
  audit: AuditRecorder
}

/**
 * `deps` as the request sees them: the store bound to the request's project, so a handler reads
 * and writes that project's rows only (another project's ids are not found).
 */
export type ApiHandler = (ctx: ApiContext, deps: ApiDeps) => Promise<void>

export function apiRoute(deps: ApiDeps, need: Need, handler: ApiHandler): RouteHandler {
  return async (ctx) => {
    // A refused request's body is never read: the answer closes the connection (app-server).
    const principal = await authenticate(deps, ctx.req, ctx.res, ctx.url, need)
    try {
      const projectId = principal.projectId
      const scoped: ApiDeps = { ...deps, store: deps.store.inProject(projectId) }
      const audit = auditRecorder(principalActor(principal), ctx.req.socket.remoteAddress ?? null, deps.clock)
      await handler({ ...ctx, principal, projectId, head: ctx.req.method === 'HEAD', audit }, scoped)
    } catch (err) {
      if (err instanceof HttpError) throw err
      if (err instanceof CursorError) throw invalidCursor()
      // A concurrent request took the slug or name between our check and our write.
      if (err instanceof DuplicateError) throw conflict('the slug or name is already taken')
      throw err
    }
  }
}

/** The project of the request whose scoped deps these are (the store apiRoute bound). */
export function requestProject(deps: ApiDeps): number {
  const project = deps.store.project
  if (project === null) throw new Error('deps not bound to a request project')
  return project
}
