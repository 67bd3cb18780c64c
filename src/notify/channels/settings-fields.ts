// Building blocks for the channels' settings schemas, with messages that say what to fix.
import { z } from 'zod'

/** An http(s) URL. */
export function httpUrl(what: string) {
  return z
    .string({ error: `${what} is required` })
    .trim()
    .refine(isHttpUrl, { error: `${what} must be an http:// or https:// URL` })
}

/** A non-empty string (tokens, keys, ids). */
export function required(what: string) {
  return z
    .string({ error: `${what} is required` })
    .trim()
    .min(1, { error: `${what} must not be empty` })
}

function isHttpUrl(value: string): boolean {
  try {
    const u = new URL(value)
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== ''
  } catch {
    return false
  }
}
