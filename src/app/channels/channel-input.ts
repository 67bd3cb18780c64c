// A channel's flat map from a request body, checked the way the config file's are (the routing
// keys, then the kind's own settings): every problem named by its key, 400 invalid_channel.

import type { ChannelSpec } from '../../config/channel-spec.js'
import type { Problem } from '../../config/problems.js'
import { zodIssuesToProblems } from '../../config/problems.js'
import { HttpError } from '../../http/http-error.js'
import type { ChannelRegistry } from '../../notify/channel-registry.js'
import { invalidRequest } from '../validate-input.js'

export function invalidChannel(problems: Problem[]): HttpError {
  const e = invalidRequest(problems)
  return new HttpError(400, 'invalid_channel', e.message, e.details)
}

/** The name in a body sent to /channels/{name}: absent, or the same. */
export function checkBodyName(body: Record<string, unknown>, name: string): void {
  if (body.name !== undefined && body.name !== name) {
    throw invalidChannel([
      {
        path: ['name'],
        message: `must be ${JSON.stringify(name)} as in the URL (a channel cannot be renamed)`,
      },
    ])
  }
}

export function parseChannelMap(registry: ChannelRegistry, map: Record<string, unknown>): ChannelSpec {
  const parsed = registry.parse(map)
  if (!parsed.ok) throw invalidChannel(zodIssuesToProblems(parsed.error))
  return parsed.spec
}
