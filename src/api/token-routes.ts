// /api/v1/tokens (issue 12): the project's API tokens, for its admins.
// - GET /tokens → {items, next_cursor: null} (a project has few: no paging), GET /tokens/{id|name}
// - POST /tokens {name, scope} → 201 with `token`, the secret, shown this once (only its hash is kept)
// - DELETE /tokens/{id|name} → 204; the tokens of the config file and the bootstrap token: 409
// Never a secret nor a hash in a list. Another project's token is not found.
import { z } from 'zod'
import {
  findToken,
  makeToken,
  removeToken,
  TokenAdminError,
  tokenListing,
} from '../app/tokens/token-admin.js'
import { invalidRequest, parseInput } from '../app/validate-input.js'
import { zodErrorOptions as E } from '../config/zod-messages.js'
import type { Principal } from '../domain/access.js'
import { HttpError } from '../http/http-error.js'
import { sendJson } from '../http/respond.js'
import type { Router } from '../http/router.js'
import type { ApiDeps } from './api-deps.js'
import { conflict } from './api-errors.js'
import { apiRoute } from './api-route.js'
import { readJsonObject } from './request-body.js'

const BASE = '/api/v1/tokens'
const NO_STORE = { 'Cache-Control': 'no-store' }

// the name and scope rules are the use case's (one wording for the API and the CLI)
const newTokenSchema = z.strictObject({ name: z.string(E), scope: z.string(E) }, E)

/** The use case's refusals as API errors. */
async function answering<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work()
  } catch (err) {
    if (!(err instanceof TokenAdminError)) throw err
    switch (err.code) {
      case 'invalid':
        throw invalidRequest([{ path: err.field ? [err.field] : [], message: err.message }])
      case 'not_found':
        throw new HttpError(404, 'not_found', 'token not found')
      case 'taken':
      case 'managed_elsewhere':
        throw conflict(err.message)
    }
  }
}

function maker(principal: Principal): string {
  return `${principal.kind} ${principal.name}`
}

export function registerTokenRoutes(router: Router, deps: ApiDeps): void {
  router.on(
    'GET',
    BASE,
    apiRoute(deps, 'admin', async ({ res, head }, deps) => {
      const items = (await deps.store.listTokens()).map(tokenListing)
      sendJson(res, 200, { items, next_cursor: null }, {}, head)
    }),
  )

  router.on(
    'GET',
    `${BASE}/:id`,
    apiRoute(deps, 'admin', async ({ res, params, head }, deps) => {
      const token = await answering(() => findToken(deps.store, params.id!))
      sendJson(res, 200, tokenListing(token), {}, head)
    }),
  )

  router.on(
    'POST',
    BASE,
    apiRoute(deps, 'admin', async ({ req, res, principal, audit }, deps) => {
      const input = parseInput(newTokenSchema, await readJsonObject(req), ['name', 'scope'])
      const made = await answering(() =>
        makeToken(deps.store, audit, { ...input, createdBy: maker(principal) }, deps.clock.now()),
      )
      sendJson(res, 201, { ...tokenListing(made.token), token: made.secret }, NO_STORE)
    }),
  )

  router.on(
    'DELETE',
    `${BASE}/:id`,
    apiRoute(deps, 'admin', async ({ req, res, params, audit }, deps) => {
      req.resume()
      await answering(() => removeToken(deps.store, audit, params.id!))
      res.writeHead(204).end()
    }),
  )
}
