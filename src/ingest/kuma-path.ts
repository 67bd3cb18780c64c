// Parses Uptime Kuma's push form (SPEC §2.2): `/api/push/<uuid>?status=up|down&msg=&ping=`.
// As in Uptime Kuma (server/routers/api-router.js), a missing or empty `status` means up and
// anything but exactly `up` is down. borgmatic's uptime_kuma hook (≥ 1.8.13) pushes
// `status=up&msg=start` when a backup starts: that one is a start, not a success.
import type { PingSignal } from '../domain/ping.js'
import { claimedDurationMs, NOT_FOUND, type ParsedDialectPing, param } from './dialect-ping.js'
import { UUID_RE } from './healthchecks-path.js'

/** `segments` are the path parts after "/api/push/"; a trailing slash is allowed, as in Express. */
export function parseKumaPush(segments: string[], query: URLSearchParams): ParsedDialectPing {
  const parts = segments.length === 2 && segments[1] === '' ? segments.slice(0, 1) : segments
  if (parts.length !== 1 || !UUID_RE.test(parts[0]!)) return NOT_FOUND
  const up = (param(query, 'status') ?? 'up') === 'up'
  const msg = param(query, 'msg')
  const start = up && msg === 'start'
  const signal: PingSignal = {
    action: start ? 'start' : up ? 'success' : 'fail',
    exitStatus: null,
    rid: null,
  }
  return {
    ok: true,
    uuid: parts[0]!.toLowerCase(),
    signal,
    log: start ? null : msg,
    // Kuma's `ping` is milliseconds; like Kuma before 2.0, an unusable value is ignored.
    durationMs: claimedDurationMs(param(query, 'ping'), 1),
  }
}
