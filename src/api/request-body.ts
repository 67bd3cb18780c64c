// Reads a JSON object request body. The Content-Type is not checked: a body that parses is
// accepted (scripts often send JSON as text/plain or with no type at all).
import type { IncomingMessage } from 'node:http'
import { describeValue } from '../config/zod-messages.js'
import { readWholeBody } from '../http/read-body.js'
import { exceedsJsonDepth, jsonDepthMessage } from '../json-depth.js'
import { invalidJson } from './api-errors.js'

/** A raw NUL, or a `\u0000` escape (not a `\\u0000`, an escaped backslash before "u0000"). */
const NUL = /\0|(?:^|[^\\])(?:\\\\)*\\u0000/

/** Larger bodies get 413 payload_too_large. */
export const MAX_JSON_BODY_BYTES = 1_000_000

export async function readJsonObject(
  req: IncomingMessage,
  limit = MAX_JSON_BODY_BYTES,
  opts: { emptyIsObject?: boolean } = {},
): Promise<Record<string, unknown>> {
  const bytes = await readWholeBody(req, limit)
  const text = bytes.toString('utf8').replace(/^\uFEFF/, '')
  if (text.trim() === '') {
    if (opts.emptyIsObject) return {}
    throw invalidJson('request body is empty; expected a JSON object')
  }
  assertJsonDepth(text)
  // PostgreSQL text cannot hold NUL: refused on every backend alike
  if (NUL.test(text))
    throw invalidJson('request body contains a NUL character (\\u0000), which no field may hold')
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    throw invalidJson('request body is not valid JSON')
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalidJson(`request body must be a JSON object, got ${describeValue(value)}`)
  }
  return value as Record<string, unknown>
}

/** Any JSON a request body carries (a tool's output too) nests at most MAX_JSON_DEPTH levels. */
export function assertJsonDepth(text: string): void {
  if (exceedsJsonDepth(text)) throw invalidJson(`request body is ${jsonDepthMessage()}`)
}
