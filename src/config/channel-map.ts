// A channel's flat map (SPEC §7), as stored in the channels table: the map as written when the
// config loader kept it, else rebuilt from the parsed spec (channels built in code, e.g. tests).
import { formatDuration } from '../domain/duration.js'
import type { ChannelSpec } from './channel-spec.js'

export function channelMap(spec: ChannelSpec): Record<string, unknown> {
  if (spec.raw) return structuredClone(spec.raw)
  return {
    name: spec.name,
    type: spec.kind,
    min_severity: spec.minSeverity,
    ...(Object.keys(spec.match).length > 0 && { match: spec.match }),
    send_resolved: spec.sendResolved,
    ...(spec.repeatInterval !== null && { repeat_interval: formatDuration(spec.repeatInterval) }),
    mode: spec.mode,
    digest_interval: formatDuration(spec.digestInterval),
    ...(spec.rateLimit !== undefined && { rate_limit: spec.rateLimit }),
    ...structuredClone(spec.settings),
  }
}
