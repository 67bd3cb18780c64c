// What every ping dialect's HTTP adapter shares: read the body prefix, submit one observation,
// answer. A dialect only parses its URL into a target and signal; it never decides health.
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { PingCommitter } from '../../app/pings/ping-committer.js'
import type { Clock } from '../../clock.js'
import type { PingSignal } from '../../domain/ping.js'
import type { RunSource } from '../../domain/types.js'
import type { PingEndpoint } from '../../http/app-server.js'
import { readBodyPrefix } from '../../http/read-body.js'
import { sendJson, sendText } from '../../http/respond.js'
import type { ParsedDialectPing } from '../../ingest/dialect-ping.js'
import type { PingResult, PingTarget } from '../../ingest/observation.js'

export interface PingSubmitDeps {
  committer: PingCommitter
  clock: Clock
  bodyLimit: number
}

export interface PingSubmission {
  target: PingTarget
  signal: PingSignal
  source: RunSource
  /** stored as the run's log when the request has no body (a dialect's `?message=`) */
  log?: string | null
  durationMs?: number | null
}

/** Reads the body (its first `bodyLimit` bytes) and submits the observation. */
export async function submitPing(
  deps: PingSubmitDeps,
  req: IncomingMessage,
  receivedAt: number,
  ping: PingSubmission,
): Promise<PingResult> {
  let { bytes, size } = await readBodyPrefix(req, deps.bodyLimit)
  if (size === 0 && ping.log) {
    const log = Buffer.from(ping.log)
    bytes = log.subarray(0, deps.bodyLimit)
    size = log.length
  }
  return deps.committer.submit({
    target: ping.target,
    signal: ping.signal,
    body: bytes,
    bodySize: size,
    source: ping.source,
    method: req.method ?? 'GET',
    remoteAddr: req.socket.remoteAddress ?? null,
    userAgent: req.headers['user-agent']?.slice(0, 200) ?? null,
    receivedAt,
    durationMs: ping.durationMs ?? null,
  })
}

/** Status and Healthchecks wording of each result. */
export const PING_ANSWERS: Record<PingResult, [number, string]> = {
  ok: [200, 'OK'],
  created: [201, 'Created'],
  not_found: [404, 'not found'],
  invalid_exit_status: [400, 'invalid url format'],
  unavailable: [503, 'service unavailable'],
}

/** Writes an answer: `message` is the wording of PING_ANSWERS or of a parse error. */
export type PingAnswer = (res: ServerResponse, status: number, message: string, head: boolean) => void

/** Plain text with `Ping-Body-Limit` and CORS headers, as Healthchecks answers. */
export function textAnswer(bodyLimit: number): PingAnswer {
  const headers = { 'Ping-Body-Limit': bodyLimit, 'Access-Control-Allow-Origin': '*' }
  return (res, status, message, head) => sendText(res, status, message, headers, head)
}

/** Uptime Kuma's JSON: `{"ok":true}`, or `{"ok":false,"msg":…}`. */
export function kumaAnswer(bodyLimit: number): PingAnswer {
  const headers = { 'Ping-Body-Limit': bodyLimit, 'Access-Control-Allow-Origin': '*' }
  return (res, status, message, head) =>
    sendJson(res, status, status < 300 ? { ok: true } : { ok: false, msg: message }, headers, head)
}

/** The HTTP adapter of a dialect whose URL names a job by uuid. */
export function dialectRoute(
  deps: PingSubmitDeps,
  source: RunSource,
  parse: (segments: string[], query: URLSearchParams) => ParsedDialectPing,
  answer: PingAnswer,
): PingEndpoint {
  const handle: PingEndpoint['handle'] = async (req, res, segments, query) => {
    const head = req.method === 'HEAD'
    const receivedAt = deps.clock.now()
    const parsed = parse(segments, query)
    if (!parsed.ok) {
      req.resume()
      return answer(res, parsed.status, parsed.body, head)
    }
    const result = await submitPing(deps, req, receivedAt, {
      target: { uuid: parsed.uuid },
      signal: parsed.signal,
      source,
      log: parsed.log,
      durationMs: parsed.durationMs,
    })
    const [status, message] = PING_ANSWERS[result]
    answer(res, status, message, head)
  }
  return { handle, answer }
}
