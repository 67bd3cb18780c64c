// What the API may show of a channel's flat map: secrets replaced, credential URLs cut to their
// host. Pure. `restoreRedacted` undoes it for values a client sends back unchanged, so a GET →
// PATCH/PUT round trip keeps the secrets the client never saw.

export const REDACTED = '[redacted]'

/** Keys whose value is a credential, at any depth (smtp.password too). */
const SECRET_KEYS = new Set([
  'secret',
  'password',
  'token',
  'api_key',
  'routing_key',
  'user_key',
  'app_token',
  'bot_token',
])

/** Kinds whose webhook URL itself is the credential. */
export const URL_IS_SECRET = new Set(['slack', 'discord', 'teams'])

type Obj = Record<string, unknown>

export function isPlainObject(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/** Keys redacted in `kind`'s settings at `depth` (0: the flat map itself). */
export function isSecretKey(kind: string, key: string, depth: number): boolean {
  // pushover's `user` is the user key; elsewhere (smtp.user) it is a login name
  return SECRET_KEYS.has(key) || (kind === 'pushover' && key === 'user' && depth === 0)
}

/** `scheme://host/…` when the URL carries a credential (always, for `secretAlways`). */
export function redactUrl(value: string, secretAlways: boolean): string {
  let u: URL
  try {
    u = new URL(value)
  } catch {
    return REDACTED
  }
  if (secretAlways || u.search !== '' || u.username !== '' || u.password !== '')
    return `${u.protocol}//${u.host}/…`
  return value
}

function redactLevel(kind: string, map: Obj, depth: number): Obj {
  const out: Obj = {}
  for (const [key, value] of Object.entries(map)) {
    if (value === null || value === undefined) out[key] = value
    else if (isSecretKey(kind, key, depth)) out[key] = REDACTED
    else if (key === 'headers' && isPlainObject(value)) {
      // extra headers are usually API keys
      out[key] = Object.fromEntries(Object.keys(value).map((h) => [h, REDACTED]))
    } else if ((key === 'url' || key.endsWith('_url')) && typeof value === 'string') {
      out[key] = redactUrl(value, key === 'url' && URL_IS_SECRET.has(kind))
    } else if (isPlainObject(value)) out[key] = redactLevel(kind, value, depth + 1)
    else out[key] = value
  }
  return out
}

/** A channel's flat map (or its settings part) with every secret redacted. */
export function redactChannelMap(kind: string, map: Obj): Obj {
  return redactLevel(kind, map, 0)
}

/**
 * `incoming` with every value that equals the redacted form of `existing`'s value at the same
 * key (and so was not known to the client) replaced by the stored value.
 */
export function restoreRedacted(kind: string, incoming: Obj, existing: Obj): Obj {
  return restoreLevel(incoming, existing, redactChannelMap(kind, existing))
}

function restoreLevel(incoming: Obj, existing: Obj, shown: Obj): Obj {
  const out: Obj = {}
  for (const [key, value] of Object.entries(incoming)) {
    const stored = existing[key]
    const seen = shown[key]
    if (isPlainObject(value) && isPlainObject(stored) && isPlainObject(seen)) {
      out[key] = restoreLevel(value, stored, seen)
    } else if (typeof value === 'string' && value === seen && seen !== stored) out[key] = stored
    else out[key] = value
  }
  return out
}
