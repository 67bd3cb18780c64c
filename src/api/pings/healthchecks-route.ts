// HTTP adapter for the Healthchecks-compatible /ping/… endpoints (SPEC §2.1).
import { timingSafeEqual } from 'node:crypto'
import type { PingEndpoint } from '../../http/app-server.js'
import { parseHealthchecksPing } from '../../ingest/healthchecks-path.js'
import { PING_ANSWERS, type PingSubmitDeps, submitPing, textAnswer } from './ping-submit.js'

export interface PingRouteDeps extends PingSubmitDeps {
  pingKey: string
}

function sameKey(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}

export function healthchecksRoute(deps: PingRouteDeps): PingEndpoint {
  const answer = textAnswer(deps.bodyLimit)
  const handle: PingEndpoint['handle'] = async (req, res, segments, query) => {
    const head = req.method === 'HEAD'
    const receivedAt = deps.clock.now()
    const parsed = parseHealthchecksPing(segments, query)
    if (!parsed.ok || ('pingKey' in parsed.target && !sameKey(parsed.target.pingKey, deps.pingKey))) {
      req.resume()
      const [status, body] = parsed.ok ? [404, 'not found'] : [parsed.status, parsed.body]
      return answer(res, status, body, head)
    }
    const result = await submitPing(deps, req, receivedAt, {
      target:
        'uuid' in parsed.target ? parsed.target : { slug: parsed.target.slug, create: parsed.target.create },
      signal: { action: parsed.action, exitStatus: parsed.exitStatus, rid: parsed.rid },
      source: 'healthchecks',
    })
    const [status, text] = PING_ANSWERS[result]
    answer(res, status, text, head)
  }
  return { handle, answer }
}
