// API authentication: `Authorization: Bearer <token>` or `X-Api-Key: <token>`, looked up by hash.
// Scopes are ordered read < ingest < admin; a route names the least scope it needs.
// Tokens are never logged nor echoed in a response.
import type { IncomingMessage, ServerResponse } from 'node:http'
import { hashToken } from '../bootstrap/tokens.js'
import type { TokenRecord } from '../domain/records.js'
import { HttpError } from '../http/http-error.js'
import type { Store } from '../store/store.js'

export type Scope = TokenRecord['scope']

const RANK: Record<Scope, number> = { read: 0, ingest: 1, admin: 2 }

/** The token a request presents, or null when it presents none. */
export function presentedToken(req: IncomingMessage): string | null {
  const bearer = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(req.headers.authorization ?? '')
  if (bearer) return bearer[1]!
  const key = req.headers['x-api-key']
  if (typeof key === 'string' && key.trim() !== '') return key.trim()
  return null
}

export function hasScope(have: Scope, need: Scope): boolean {
  return RANK[have] >= RANK[need]
}

function unauthorized(res: ServerResponse, message: string): HttpError {
  res.setHeader('WWW-Authenticate', 'Bearer')
  return new HttpError(401, 'unauthorized', message)
}

/** Resolves the request's token and checks it grants `need`; throws 401 or 403 otherwise. */
export async function authenticate(
  store: Store,
  req: IncomingMessage,
  res: ServerResponse,
  need: Scope,
): Promise<TokenRecord> {
  const token = presentedToken(req)
  if (token === null) {
    throw unauthorized(res, 'missing API token: send "Authorization: Bearer <token>" or "X-Api-Key: <token>"')
  }
  const record = await store.findTokenByHash(hashToken(token))
  if (!record) throw unauthorized(res, 'invalid API token')
  if (!hasScope(record.scope, need)) {
    throw new HttpError(
      403,
      'forbidden',
      `this token has the ${record.scope} scope; this request needs ${need}`,
    )
  }
  return record
}
