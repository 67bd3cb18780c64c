// The HTTP front door: dispatches to the ping endpoints, health probes and the API router,
// and turns any thrown error into a response (a request can never crash the process).
import http, { type IncomingMessage, type ServerResponse } from 'node:http'
import type { Logger } from '../log.js'
import { HttpError } from './http-error.js'
import { BodyTooLarge } from './read-body.js'
import { sendError, sendJson } from './respond.js'
import type { Router } from './router.js'

export type PingHandler = (
  req: IncomingMessage,
  res: ServerResponse,
  segments: string[],
  query: URLSearchParams,
) => Promise<void>

export interface AppServerDeps {
  log: Logger
  /**
   * Handlers for the ping dialects, by first path segment (e.g. "ping", "cronitor") or by the
   * first two ("api/push": Uptime Kuma's pushes live inside the API's prefix). A handler gets
   * the segments after its key.
   */
  pingHandlers: Record<string, PingHandler>
  api: Router
  isReady: () => Promise<boolean>
}

function splitUrl(raw: string): { path: string; query: string } {
  const q = raw.indexOf('?')
  return q === -1 ? { path: raw, query: '' } : { path: raw.slice(0, q), query: raw.slice(q + 1) }
}

export function createAppServer(deps: AppServerDeps): http.Server {
  const fail = (res: ServerResponse, err: unknown) => {
    if (res.headersSent) {
      res.destroy()
      return
    }
    if (err instanceof HttpError) return sendError(res, err.status, err.code, err.message, err.details)
    if (err instanceof BodyTooLarge) return sendError(res, 413, 'payload_too_large', err.message)
    deps.log.error('request failed', { error: err })
    sendError(res, 500, 'internal_error', 'internal server error')
  }

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const { path, query } = splitUrl(req.url ?? '/')
    const segments = path.split('/').slice(1)
    const handler = (key: string) =>
      Object.hasOwn(deps.pingHandlers, key) ? deps.pingHandlers[key] : undefined
    const two = segments.length >= 2 ? handler(`${segments[0]}/${segments[1]}`) : undefined
    if (two) return two(req, res, segments.slice(2), new URLSearchParams(query))
    const ping = handler(segments[0] ?? '')
    if (ping) return ping(req, res, segments.slice(1), new URLSearchParams(query))
    if (path === '/healthz') return sendJson(res, 200, { status: 'ok' })
    if (path === '/readyz') {
      const ready = await deps.isReady()
      return sendJson(res, ready ? 200 : 503, { status: ready ? 'ok' : 'unavailable' })
    }
    const url = new URL(req.url ?? '/', 'http://localhost')
    const match = deps.api.match(req.method ?? 'GET', url.pathname)
    if (match.kind === 'found') return match.handler({ req, res, url, params: match.params })
    req.resume()
    if (match.kind === 'method_not_allowed') {
      res.setHeader('Allow', match.allowed.join(', '))
      return sendError(res, 405, 'method_not_allowed', `method ${req.method} not allowed on ${url.pathname}`)
    }
    sendError(res, 404, 'not_found', `no route for ${url.pathname}`)
  }

  const server = http.createServer({ keepAliveTimeout: 65_000 }, (req, res) => {
    handle(req, res).catch((err) => fail(res, err))
  })
  server.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n')
    else socket.destroy()
  })
  return server
}
