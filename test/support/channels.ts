// A channel as the config file would declare it, for tests that route alerts to a local receiver.
import type { ChannelSpec } from '../../src/config/channel-spec.js'

/** A webhook channel `ops-hook` to `url` (every severity, immediate), signed when given a secret. */
export function webhookChannel(url: string, over: Partial<ChannelSpec> = {}, secret?: string): ChannelSpec {
  return {
    name: 'ops-hook',
    kind: 'webhook',
    minSeverity: 'info',
    match: {},
    sendResolved: true,
    mode: 'immediate',
    repeatInterval: null,
    digestInterval: 3_600_000,
    settings: { url, ...(secret !== undefined && { secret }) },
    ...over,
  }
}
