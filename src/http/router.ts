// A tiny method+path router: patterns like "/api/v1/jobs/:id/runs", matched against the
// segments of a canonical request target (request-target.ts); `:params` are percent-decoded.
import type { IncomingMessage, ServerResponse } from 'node:http'

export interface RouteContext {
  req: IncomingMessage
  res: ServerResponse
  url: URL
  params: Record<string, string>
}

export type RouteHandler = (ctx: RouteContext) => Promise<void> | void

interface Route {
  method: string
  parts: string[]
  handler: RouteHandler
}

export type RouteMatch =
  | { kind: 'found'; handler: RouteHandler; params: Record<string, string> }
  | { kind: 'method_not_allowed'; allowed: string[] }
  | { kind: 'not_found' }

export class Router {
  private routes: Route[] = []

  on(method: string, pattern: string, handler: RouteHandler): this {
    this.routes.push({ method, parts: pattern.split('/').filter(Boolean), handler })
    return this
  }

  /** Every route as registered ("GET", "/api/v1/jobs/:id"): for tests that cover them all. */
  list(): { method: string; pattern: string }[] {
    return this.routes.map((r) => ({ method: r.method, pattern: `/${r.parts.join('/')}` }))
  }

  match(method: string, segments: readonly string[]): RouteMatch {
    const allowed: string[] = []
    for (const route of this.routes) {
      const params = matchParts(route.parts, segments)
      if (!params) continue
      if (route.method === method || (method === 'HEAD' && route.method === 'GET')) {
        return { kind: 'found', handler: route.handler, params }
      }
      allowed.push(route.method)
    }
    return allowed.length > 0 ? { kind: 'method_not_allowed', allowed } : { kind: 'not_found' }
  }
}

function matchParts(parts: string[], segments: readonly string[]): Record<string, string> | null {
  if (parts.length !== segments.length) return null
  const params: Record<string, string> = {}
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!
    const seg = segments[i]!
    if (part.startsWith(':')) {
      try {
        params[part.slice(1)] = decodeURIComponent(seg)
      } catch {
        return null
      }
    } else if (part !== seg) return null
  }
  return params
}
