// HTTP adapter for the Healthchecks-compatible /ping/… endpoints (SPEC §2.1).
import type { PingEndpoint } from '../../http/app-server.js'
import { parseHealthchecksPing } from '../../ingest/healthchecks-path.js'
import { PING_ANSWERS, type PingSubmitDeps, submitPing, textAnswer } from './ping-submit.js'

export interface PingRouteDeps extends PingSubmitDeps {
  /** the project whose ping key this is, or null (app/project-keys.ts) */
  projectOfKey: (key: string) => Promise<number | null>
}

export function healthchecksRoute(deps: PingRouteDeps): PingEndpoint {
  const answer = textAnswer(deps.bodyLimit)
  const handle: PingEndpoint['handle'] = async (req, res, segments, query) => {
    const head = req.method === 'HEAD'
    const receivedAt = deps.clock.now()
    const parsed = parseHealthchecksPing(segments, query)
    const projectId =
      parsed.ok && 'pingKey' in parsed.target ? await deps.projectOfKey(parsed.target.pingKey) : null
    if (!parsed.ok || ('pingKey' in parsed.target && projectId === null)) {
      req.resume()
      const [status, body] = parsed.ok ? [404, 'not found'] : [parsed.status, parsed.body]
      return answer(res, status, body, head)
    }
    const result = await submitPing(deps, req, receivedAt, {
      target:
        'uuid' in parsed.target
          ? parsed.target
          : { projectId: projectId!, slug: parsed.target.slug, create: parsed.target.create },
      signal: { action: parsed.action, exitStatus: parsed.exitStatus, rid: parsed.rid },
      source: 'healthchecks',
    })
    const [status, text] = PING_ANSWERS[result]
    answer(res, status, text, head)
  }
  return { handle, answer }
}
