// Query parameters shared by the list routes. Unknown parameters are ignored; a known one with a
// bad value is a 400 naming the parameter.

import { invalidRequest } from '../app/validate-input.js'
import { parseIsoInstant } from '../domain/iso-instant.js'
import { decodeCursor } from '../store/cursor.js'
import type { PageRequest } from '../store/page.js'
import { invalidCursor } from './api-errors.js'

export const DEFAULT_LIMIT = 50
export const MAX_LIMIT = 500

export function badParam(name: string, message: string) {
  return invalidRequest([{ path: [name], message }])
}

/** A parameter's value; an empty value (`?job=`) counts as absent. */
export function param(url: URL, name: string): string | undefined {
  const value = url.searchParams.get(name)
  // PostgreSQL text cannot hold NUL: refused on every backend alike
  if (value?.includes('\0')) throw badParam(name, 'must not contain a NUL character (%00)')
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

export { parseIsoInstant }

export function instantParam(url: URL, name: string): number | undefined {
  const value = param(url, name)
  if (value === undefined) return undefined
  const ms = parseIsoInstant(value)
  if (ms === null) throw badParam(name, 'must be an ISO 8601 time like 2026-11-22T05:32:04Z')
  return ms
}
