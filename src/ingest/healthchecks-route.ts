// HTTP adapter for the Healthchecks-compatible /ping/… endpoints (SPEC §2.1).
import { timingSafeEqual } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Clock } from '../clock.js'
import { readBodyPrefix } from '../http/read-body.js'
import { sendText } from '../http/respond.js'
import { parseHealthchecksPing } from './healthchecks-path.js'
import type { PingResult } from './observation.js'
import type { PingCommitter } from './ping-committer.js'

export interface PingRouteDeps {
  committer: PingCommitter
  clock: Clock
  bodyLimit: number
  pingKey: string
}

const ANSWERS: Record<PingResult, [number, string]> = {
  ok: [200, 'OK'],
  created: [201, 'Created'],
  not_found: [404, 'not found'],
  invalid_exit_status: [400, 'invalid url format'],
  unavailable: [503, 'service unavailable'],
}

function sameKey(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}

export function healthchecksRoute(deps: PingRouteDeps) {
  const headers = { 'Ping-Body-Limit': deps.bodyLimit, 'Access-Control-Allow-Origin': '*' }
  return async (req: IncomingMessage, res: ServerResponse, segments: string[], query: URLSearchParams) => {
    const head = req.method === 'HEAD'
    const receivedAt = deps.clock.now()
    const parsed = parseHealthchecksPing(segments, query)
    if (!parsed.ok || ('pingKey' in parsed.target && !sameKey(parsed.target.pingKey, deps.pingKey))) {
      req.resume()
      const [status, body] = parsed.ok ? [404, 'not found'] : [parsed.status, parsed.body]
      return sendText(res, status, body, headers, head)
    }
    const body = await readBodyPrefix(req, deps.bodyLimit)
    const result = await deps.committer.submit({
      target:
        'uuid' in parsed.target ? parsed.target : { slug: parsed.target.slug, create: parsed.target.create },
      signal: { action: parsed.action, exitStatus: parsed.exitStatus, rid: parsed.rid },
      body: body.bytes,
      bodySize: body.size,
      source: 'healthchecks',
      method: req.method ?? 'GET',
      remoteAddr: req.socket.remoteAddress ?? null,
      userAgent: req.headers['user-agent']?.slice(0, 200) ?? null,
      receivedAt,
    })
    const [status, text] = ANSWERS[result]
    sendText(res, status, text, headers, head)
  }
}
