// Parses Cronitor's ping forms (SPEC §2.2): `/cronitor/<uuid>/run|complete|fail|ok`, the form
// borgmatic's cronitor hook uses, and `/cronitor/<uuid>?state=…` (the telemetry API).
import type { PingAction, PingSignal } from '../domain/ping.js'
import { derivedUuid } from './derived-uuid.js'
import { BAD_URL, claimedDurationMs, NOT_FOUND, type ParsedDialectPing, param } from './dialect-ping.js'
import { UUID_RE } from './healthchecks-path.js'

const STATES: Record<string, PingAction> = { run: 'start', complete: 'success', ok: 'success', fail: 'fail' }
const EXIT_RE = /^[0-9]+$/

/** Cronitor's `series` (any string) as a canonical uuid, so it can serve as the run id. */
export function seriesRid(series: string): string {
  return derivedUuid(`cronitor:${series}`)
}

/** `segments` are the path parts after "/cronitor/". */
export function parseCronitorPing(segments: string[], query: URLSearchParams): ParsedDialectPing {
  if (segments.length === 0 || segments.length > 2 || segments.some((s) => s === '')) return NOT_FOUND
  const [uuid, suffix] = segments as [string, string | undefined]
  if (!UUID_RE.test(uuid)) return NOT_FOUND
  // No state at all is a heartbeat event, which Cronitor counts as a completion.
  const state = suffix ?? query.get('state') ?? 'complete'
  if (!Object.hasOwn(STATES, state)) return suffix === undefined ? BAD_URL : NOT_FOUND
  const action = STATES[state]!
  const series = param(query, 'series')
  const signal: PingSignal = { action, exitStatus: null, rid: series === null ? null : seriesRid(series) }
  // An exit code refines complete and fail; a fail with code 0 stays a failure (it says it failed).
  const code = param(query, 'status_code')
  const exit = code !== null && EXIT_RE.test(code)
  if (exit && (state === 'complete' || (state === 'fail' && Number(code) !== 0))) {
    signal.action = 'exit'
    signal.exitStatus = code.length > 4 ? 99_999 : Number(code)
  }
  return {
    ok: true,
    uuid: uuid.toLowerCase(),
    signal,
    // `msg` is the legacy ping API's name for `message`.
    log: param(query, 'message') ?? param(query, 'msg'),
    durationMs: claimedDurationMs(param(query, 'duration'), 1000),
  }
}
