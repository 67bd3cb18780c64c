// Parses Cronhub's ping forms (SPEC §2.2): `/cronhub/start|finish|fail|ping/<uuid>`, with
// `?payload=` as the log when there is no body. borgmatic's cronhub hook rewrites the `/start/`
// or `/ping/` of its configured URL into `/start/`, `/finish/` or `/fail/`.
import type { PingAction } from '../domain/ping.js'
import { NOT_FOUND, type ParsedDialectPing, param } from './dialect-ping.js'
import { UUID_RE } from './healthchecks-path.js'

const VERBS: Record<string, PingAction> = { start: 'start', finish: 'success', ping: 'success', fail: 'fail' }

/** `segments` are the path parts after "/cronhub/". */
export function parseCronhubPing(segments: string[], query: URLSearchParams): ParsedDialectPing {
  if (segments.length !== 2) return NOT_FOUND
  const [verb, uuid] = segments as [string, string]
  if (!Object.hasOwn(VERBS, verb) || !UUID_RE.test(uuid)) return NOT_FOUND
  return {
    ok: true,
    uuid: uuid.toLowerCase(),
    signal: { action: VERBS[verb]!, exitStatus: null, rid: null },
    log: param(query, 'payload'),
    durationMs: null,
  }
}
