// PATCH /channels/{name}: the stored flat map with the request's top-level keys merged in. `null`
// removes a key; a value replaces its `<key>_env` reference and the other way round. A secret the client leaves out is kept, also inside a replaced nested object
// (smtp.password), and a value sent back as GET showed it (redacted) keeps the stored one.
import { isPlainObject, isSecretKey, restoreRedacted } from '../notify/channel-redact.js'

type Obj = Record<string, unknown>

/** `incoming` (a nested object replacing `stored`) plus the stored secrets it leaves out. */
function keepSecrets(kind: string, incoming: Obj, stored: Obj, depth: number): Obj {
  const out: Obj = {}
  for (const [key, value] of Object.entries(incoming)) {
    if (value === null) continue
    const old = stored[key]
    out[key] = isPlainObject(value) && isPlainObject(old) ? keepSecrets(kind, value, old, depth + 1) : value
  }
  for (const [key, value] of Object.entries(stored)) {
    // an explicit null removes it; `<key>_env` set instead replaces it
    if (isSecretKey(kind, key, depth) && !(key in incoming) && !(`${key}_env` in incoming)) out[key] = value
  }
  return out
}

export function mergeChannelPatch(stored: Obj, patch: Obj): Obj {
  const kind = String(stored.type ?? '')
  const out: Obj = { ...stored }
  for (const [key, value] of Object.entries(patch)) {
    const old = stored[key]
    if (value === null) delete out[key]
    else if (isPlainObject(value) && isPlainObject(old)) out[key] = keepSecrets(kind, value, old, 1)
    else out[key] = value
    if (value === null) continue
    // a value and its `_env` reference replace each other
    const twin = key.endsWith('_env') ? key.slice(0, -4) : `${key}_env`
    if (!(twin in patch)) delete out[twin]
  }
  return restoreRedacted(kind, out, stored)
}
