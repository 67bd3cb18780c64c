// Building blocks for the channels' settings schemas, with messages that say what to fix.
import { z } from 'zod'

/**
 * An http(s) URL without credentials: `user:password@` would be shown, logged and quoted by
 * fetch's errors wherever the URL goes (and fetch refuses such URLs anyway).
 */
export function httpUrl(what: string) {
  return z
    .string({ error: `${what} is required` })
    .trim()
    .refine(isHttpUrl, { error: `${what} must be an http:// or https:// URL` })
    .refine((value) => !hasUserinfo(value), {
      error: `${what} must not contain user:password@; put credentials in headers or *_env settings, not in the URL`,
    })
}

function hasUserinfo(value: string): boolean {
  try {
    const u = new URL(value)
    return u.username !== '' || u.password !== ''
  } catch {
    return false
  }
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
