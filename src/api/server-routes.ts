// /api/v1/servers: list, create, read, change, delete. Servers are addressed by id or name.
// POST /servers is not in SPEC §3's list but is the obvious way to declare one (admin).

import { parseInput } from '../app/validate-input.js'
import { serverSpecSchema } from '../config/server-spec.js'
import { fieldsOf } from '../domain/audit.js'
import { sendJson } from '../http/respond.js'
import type { Router } from '../http/router.js'
import type { ApiDeps } from './api-deps.js'
import { apiRoute } from './api-route.js'
import { createServer } from './create-server.js'
import { deleteServer } from './delete-server.js'
import { findServer } from './lookup.js'
import { presentServer } from './present-server.js'
import { pageRequest } from './query-params.js'
import { readJsonObject } from './request-body.js'
import { updateServer } from './update-server.js'

const BASE = '/api/v1/servers'

export function registerServerRoutes(router: Router, deps: ApiDeps): void {
  router.on(
    'GET',
    BASE,
    apiRoute(deps, 'read', async ({ url, res, head }, deps) => {
      const result = await deps.store.listServers(pageRequest(url))
      const now = deps.clock.now()
      const items = result.items.map((s) => presentServer(s, now))
      sendJson(res, 200, { items, next_cursor: result.nextCursor }, {}, head)
    }),
  )

  router.on(
    'POST',
    BASE,
    apiRoute(deps, 'admin', async ({ req, res, audit }, deps) => {
      const body = await readJsonObject(req)
      const spec = parseInput(serverSpecSchema, body, ['name'])
      const note = { action: 'server.created', details: fieldsOf(body) }
      const server = await createServer(deps, { ...spec, name: spec.name! }, audit, note)
      sendJson(res, 201, presentServer(server, deps.clock.now()), { Location: `${BASE}/${server.id}` })
    }),
  )

  router.on(
    'GET',
    `${BASE}/:id`,
    apiRoute(deps, 'read', async ({ params, res, head }, deps) => {
      sendJson(res, 200, presentServer(await findServer(deps.store, params.id!), deps.clock.now()), {}, head)
    }),
  )

  router.on(
    'PATCH',
    `${BASE}/:id`,
    apiRoute(deps, 'admin', async ({ req, res, params, audit }, deps) => {
      const body = await readJsonObject(req)
      const spec = parseInput(serverSpecSchema, body)
      const note = { action: 'server.updated', details: fieldsOf(body) }
      const server = await updateServer(deps, params.id!, spec, audit, note)
      sendJson(res, 200, presentServer(server, deps.clock.now()))
    }),
  )

  router.on(
    'DELETE',
    `${BASE}/:id`,
    apiRoute(deps, 'admin', async ({ req, res, params, audit }, deps) => {
      req.resume()
      await deleteServer(deps, params.id!, audit)
      res.writeHead(204).end()
    }),
  )
}
