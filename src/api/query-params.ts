// Query parameters shared by the list routes. Unknown parameters are ignored; a known one with a
// bad value is a 400 naming the parameter.

import { decodeCursor } from '../store/cursor.js'
import type { PageRequest } from '../store/store.js'
import { invalidCursor } from './api-errors.js'
import { invalidRequest } from './validate.js'

export const DEFAULT_LIMIT = 50
export const MAX_LIMIT = 500

export function badParam(name: string, message: string) {
  return invalidRequest([{ path: [name], message }])
}

/** A parameter's value; an empty value (`?job=`) counts as absent. */
export function param(url: URL, name: string): string | undefined {
  const value = url.searchParams.get(name)
  return value === null || value === '' ? undefined : value
}

export function pageRequest(url: URL): PageRequest {
  const limitText = param(url, 'limit')
  let limit = DEFAULT_LIMIT
  if (limitText !== undefined) {
    limit = /^\d{1,6}$/.test(limitText) ? Number(limitText) : Number.NaN
    if (!(limit >= 1 && limit <= MAX_LIMIT))
      throw badParam('limit', `must be an integer from 1 to ${MAX_LIMIT}`)
  }
  const cursor = param(url, 'cursor') ?? null
  if (cursor !== null) {
    try {
      decodeCursor(cursor)
    } catch {
      throw invalidCursor()
    }
  }
  return { limit, cursor }
}

export function enumParam<T extends string>(url: URL, name: string, values: readonly T[]): T | undefined {
  const value = param(url, name)
  if (value === undefined) return undefined
  if (!(values as readonly string[]).includes(value))
    throw badParam(name, `must be one of ${values.join(', ')}`)
  return value as T
}

const ISO_RE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/i

/**
 * An ISO 8601 instant → epoch ms: `2026-11-22`, `2026-11-22T05:32:04Z`, `…+01:00`, fractions.
 * A date-time without offset is read as UTC (the server's local zone means nothing to clients).
 */
export function parseIsoInstant(text: string): number | null {
  const m = ISO_RE.exec(text.trim())
  if (!m) return null
  const [, y, mo, d, h, mi, s, zone] = m
  const day = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)))
  if (day.getUTCMonth() !== Number(mo) - 1 || day.getUTCDate() !== Number(d)) return null
  if (h === undefined) return day.getTime()
  if (Number(h) > 23 || Number(mi) > 59 || Number(s ?? 0) > 59) return null
  const normalized = text
    .trim()
    .replace(' ', 'T')
    .replace(/([+-]\d{2})(\d{2})$/, '$1:$2')
  const ms = Date.parse(zone === undefined ? `${normalized}Z` : normalized)
  return Number.isNaN(ms) ? null : ms
}

export function instantParam(url: URL, name: string): number | undefined {
  const value = param(url, name)
  if (value === undefined) return undefined
  const ms = parseIsoInstant(value)
  if (ms === null) throw badParam(name, 'must be an ISO 8601 time like 2026-11-22T05:32:04Z')
  return ms
}
