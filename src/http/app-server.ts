// The HTTP front door: parses the request target once (request-target.ts), dispatches to the
// ping endpoints, health probes and the API router on that one path, and turns any thrown error
// into a response (a request can never crash the process).
import http, { type IncomingMessage, type ServerResponse } from 'node:http'
import type { Logger } from '../log.js'
import { onClientError, onConnect } from './client-error.js'
import { HttpError } from './http-error.js'
import { DEFAULT_HTTP_LIMITS, type HttpLimits, serverOptions } from './http-limits.js'
import { BodyTooLarge, skipBody } from './read-body.js'
import { parseRequestTarget } from './request-target.js'
import { sendError, sendJson } from './respond.js'
import type { Router } from './router.js'

export type PingHandler = (
  req: IncomingMessage,
  res: ServerResponse,
  segments: string[],
  query: URLSearchParams,
) => Promise<void>

/** A ping dialect: its handler, and how it words an error it answers itself (text or JSON). */
export interface PingEndpoint {
  handle: PingHandler
  answer(res: ServerResponse, status: number, message: string, head: boolean): void
}

export interface AppServerDeps {
  log: Logger
  /**
   * The ping dialects, by first path segment (e.g. "ping", "cronitor") or by the first two
   * ("api/push": Uptime Kuma's pushes live inside the API's prefix). A handler gets the
   * segments after its key.
   */
  pingHandlers: Record<string, PingEndpoint>
  api: Router
  isReady: () => Promise<boolean>
  limits?: Partial<HttpLimits>
}

export function createAppServer(deps: AppServerDeps): http.Server {
  const fail = (req: IncomingMessage, res: ServerResponse, err: unknown) => {
    if (res.headersSent) {
      res.destroy()
      return
    }
    // The client went away (or was timed out) mid-body: nobody to answer, nothing went wrong here.
    if (req.destroyed && (err as { code?: unknown } | null)?.code === 'ECONNRESET') return
    // an error answered before the body was read (auth, too large…) closes instead of reading it
    skipBody(req, res)
    if (err instanceof HttpError) return sendError(res, err.status, err.code, err.message, err.details)
    if (err instanceof BodyTooLarge) {
      res.setHeader('Connection', 'close')
      return sendError(res, 413, 'payload_too_large', err.message)
    }
    deps.log.error('request failed', { error: err })
    sendError(res, 500, 'internal_error', 'internal server error')
  }

  const pingFor = (segments: string[]) => {
    const endpoint = (key: string) =>
      Object.hasOwn(deps.pingHandlers, key) ? deps.pingHandlers[key] : undefined
    const two =
      segments.length >= 2 && segments[1] !== '' ? endpoint(`${segments[0]}/${segments[1]}`) : undefined
    if (two) return { endpoint: two, rest: segments.slice(2) }
    const one = segments[0] ? endpoint(segments[0]) : undefined
    return one ? { endpoint: one, rest: segments.slice(1) } : null
  }

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    res.setHeader('X-Content-Type-Options', 'nosniff')
    const method = req.method ?? 'GET'
    const raw = req.url ?? '/'
    if (raw === '*' && method === 'OPTIONS') {
      res.writeHead(204, { Allow: 'GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS' })
      return res.end()
    }
    const target = parseRequestTarget(raw)
    const ping = pingFor(target.segments)
    if (ping) {
      // Empty segments are the ping dialect's to judge: `/ping/<uuid>//start` (borgmatic with a
      // trailing slash in its ping_url) is a path matching no form, 404 as in Healthchecks.
      if (target.ok || target.onlyEmptySegments)
        return ping.endpoint.handle(req, res, ping.rest, target.query)
      skipBody(req, res)
      return ping.endpoint.answer(res, 400, 'invalid url format', method === 'HEAD')
    }
    if (!target.ok) {
      skipBody(req, res)
      return sendError(res, 400, 'invalid_url', `invalid request target: ${target.problem}`)
    }
    if (target.path === '/healthz') return sendJson(res, 200, { status: 'ok' })
    if (target.path === '/readyz') {
      const ready = await deps.isReady()
      return sendJson(res, ready ? 200 : 503, { status: ready ? 'ok' : 'unavailable' })
    }
    const url = new URL(target.search ? `${target.path}?${target.search}` : target.path, 'http://localhost')
    const match = deps.api.match(method, target.segments)
    if (match.kind === 'found') return match.handler({ req, res, url, params: match.params })
    skipBody(req, res)
    if (match.kind === 'method_not_allowed') {
      res.setHeader('Allow', match.allowed.join(', '))
      return sendError(res, 405, 'method_not_allowed', `method ${method} not allowed on ${target.path}`)
    }
    sendError(res, 404, 'not_found', `no route for ${target.path}`)
  }

  const limits = { ...DEFAULT_HTTP_LIMITS, ...deps.limits }
  const server = http.createServer(serverOptions(limits), (req, res) => {
    handle(req, res).catch((err) => fail(req, res, err))
  })
  server.maxConnections = limits.maxConnections
  server.on('clientError', onClientError)
  server.on('connect', onConnect)
  return server
}
