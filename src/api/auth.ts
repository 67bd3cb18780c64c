// API authentication: `Authorization: Bearer <token>` or `X-Api-Key: <token>`, looked up by hash,
// becomes the request's Principal; a route names the capability it needs (domain/access.ts).
// Tokens are never logged nor echoed in a response.
import type { IncomingMessage, ServerResponse } from 'node:http'
import { hashToken } from '../auth/token-hash.js'
import { type Capability, can, leastGrant, type Principal, tokenPrincipal } from '../domain/access.js'
import { HttpError } from '../http/http-error.js'
import type { TokenStore } from '../store/roles/token-store.js'

/** The token a request presents, or null when it presents none. */
export function presentedToken(req: IncomingMessage): string | null {
  const bearer = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(req.headers.authorization ?? '')
  if (bearer) return bearer[1]!
  const key = req.headers['x-api-key']
  if (typeof key === 'string' && key.trim() !== '') return key.trim()
  return null
}

function unauthorized(res: ServerResponse, message: string): HttpError {
  res.setHeader('WWW-Authenticate', 'Bearer')
  return new HttpError(401, 'unauthorized', message)
}

/** 403 naming what the principal holds and what the request needs. */
export function forbidden(principal: Principal, need: Capability): HttpError {
  return new HttpError(
    403,
    'forbidden',
    `this ${principal.kind} has ${principal.grantedBy}; this request needs ${leastGrant(principal.kind, need)}`,
  )
}

/** Resolves who makes the request and checks they may `need`; throws 401 or 403 otherwise. */
export async function authenticate(
  store: TokenStore,
  req: IncomingMessage,
  res: ServerResponse,
  need: Capability,
): Promise<Principal> {
  const token = presentedToken(req)
  if (token === null) {
    throw unauthorized(res, 'missing API token: send "Authorization: Bearer <token>" or "X-Api-Key: <token>"')
  }
  const record = await store.findTokenByHash(hashToken(token))
  if (!record) throw unauthorized(res, 'invalid API token')
  const principal = tokenPrincipal(record)
  if (!can(principal, need)) throw forbidden(principal, need)
  return principal
}
