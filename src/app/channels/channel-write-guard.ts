// What the API may not do to a channel, although the config file may: an admin token is not
// shell access to the host, nor read access to its environment, nor a way to move a stored
// secret to a destination of its choosing.
// - `command` channels run programs on the host: the file declares them, the API cannot.
// - `*_env` references read the host's environment: through the API only variables named
//   BACKWATCH_CHANNEL_* (set aside for channels), not the database URL or tokens beside them.
// - A channel's type does not change (its secrets are redacted by its type's rules).
// - When the destination changes (url, api_url, smtp host or port), stored secrets are not
//   carried over: the request must send each again.
import type { Problem } from '../../config/problems.js'
import { isPlainObject, isSecretKey, REDACTED } from '../../notify/channel-redact.js'
import type { StoredChannel } from '../../store/roles/channel-store.js'

type Obj = Record<string, unknown>

const COMMAND_HINT =
  'command channels run programs on the Backwatch host: declare them in the config file (the API cannot create or change them)'

export const API_ENV_PREFIX = 'BACKWATCH_CHANNEL_'

function envReferences(value: Obj, path: string[], out: Problem[]): void {
  for (const [key, v] of Object.entries(value)) {
    if (key.endsWith('_env') && !(typeof v === 'string' && v.startsWith(API_ENV_PREFIX)))
      out.push({
        path: [...path, key],
        message: `through the API only variables named ${API_ENV_PREFIX}* can be referenced (the config file may name any): send the value itself, or set ${API_ENV_PREFIX}…`,
      })
    else if (isPlainObject(v)) envReferences(v, [...path, key], out)
  }
}

function destination(map: Obj): string {
  const smtp = isPlainObject(map.smtp) ? map.smtp : {}
  return JSON.stringify([
    map.url ?? null,
    map.url_env ?? null,
    map.api_url ?? null,
    smtp.host ?? null,
    smtp.port ?? null,
  ])
}

/** Paths of the secrets in `map` (secret keys at any depth, header values). */
function secretPaths(kind: string, map: Obj, path: string[] = [], depth = 0): string[][] {
  const out: string[][] = []
  for (const [key, v] of Object.entries(map)) {
    if (v === null || v === undefined) continue
    if (isSecretKey(kind, key, depth)) out.push([...path, key])
    else if (key === 'headers' && isPlainObject(v))
      for (const h of Object.keys(v)) out.push([...path, key, h])
    else if (isPlainObject(v)) out.push(...secretPaths(kind, v, [...path, key], depth + 1))
  }
  return out
}

function at(map: Obj, path: string[]): unknown {
  let v: unknown = map
  for (const key of path) v = isPlainObject(v) ? v[key] : undefined
  return v
}

/**
 * Problems with writing `result` (the map to store) through the API, given the request `body`
 * and the channel as stored (null for a new one).
 */
export function channelWriteProblems(body: Obj, result: Obj, stored: StoredChannel | null): Problem[] {
  const problems: Problem[] = []
  if (result.type === 'command' || stored?.kind === 'command')
    problems.push({ path: ['type'], message: COMMAND_HINT })
  envReferences(body, [], problems)
  if (stored && body.type !== undefined && body.type !== stored.kind)
    problems.push({
      path: ['type'],
      message: `cannot change from ${stored.kind} (delete the channel and create it again)`,
    })
  if (stored && problems.length === 0 && destination(result) !== destination(stored.spec)) {
    for (const path of secretPaths(stored.kind, result)) {
      const sent = at(body, path)
      if (typeof sent !== 'string' || sent === REDACTED)
        problems.push({
          path,
          message:
            'the destination changed: send this secret again (it is not carried over to a new destination)',
        })
    }
  }
  return problems
}
