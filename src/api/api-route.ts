// Wraps an API handler: authenticates the request for the capability the route needs, and maps
// the store's typed failures (bad cursor, unique-key race) to API errors.
import type { Capability, Principal } from '../domain/access.js'
import { HttpError } from '../http/http-error.js'
import type { RouteContext, RouteHandler } from '../http/router.js'
import { CursorError } from '../store/cursor.js'
import { DuplicateError } from '../store/duplicate-error.js'
import type { ApiDeps } from './api-deps.js'
import { conflict, invalidCursor } from './api-errors.js'
import { authenticate } from './auth.js'

export interface ApiContext extends RouteContext {
  principal: Principal
  /** the project the request acts in */
  projectId: number
  /** a HEAD request: answer with headers only */
  head: boolean
}

export type ApiHandler = (ctx: ApiContext) => Promise<void>

export function apiRoute(deps: ApiDeps, need: Capability, handler: ApiHandler): RouteHandler {
  return async (ctx) => {
    // A refused request's body is never read: the answer closes the connection (app-server).
    const principal = await authenticate(deps, ctx.req, ctx.res, ctx.url, need)
    try {
      await handler({ ...ctx, principal, projectId: principal.projectId, head: ctx.req.method === 'HEAD' })
    } catch (err) {
      if (err instanceof HttpError) throw err
      if (err instanceof CursorError) throw invalidCursor()
      // A concurrent request took the slug or name between our check and our write.
      if (err instanceof DuplicateError) throw conflict('the slug or name is already taken')
      throw err
    }
  }
}
