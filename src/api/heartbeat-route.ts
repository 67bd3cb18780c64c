// POST /api/v1/servers/{name}/heartbeat (scope ingest): the server is alive. An unknown server
// is created (auto-provisioning); the optional JSON body may set environment, tags and
// heartbeat_timeout. A server created by a heartbeat expects the next one within
// DEFAULT_HEARTBEAT_TIMEOUT unless the body says otherwise.

import { parseInput } from '../app/validate-input.js'
import { SERVER_NAME_RE } from '../config/field-schemas.js'
import { serverSpecSchema } from '../config/server-spec.js'
import { DEFAULT_HEARTBEAT_TIMEOUT_MS } from '../domain/server-alerts.js'
import { recordHeartbeat, settleProtection } from '../evaluate/settle-server.js'
import { sendJson } from '../http/respond.js'
import type { Router } from '../http/router.js'
import type { ApiDeps } from './api-deps.js'
import { badRequest } from './api-errors.js'
import { apiRoute } from './api-route.js'
import { presentServer } from './present-server.js'
import { readJsonObject } from './request-body.js'

export function registerHeartbeatRoute(router: Router, deps: ApiDeps): void {
  router.on(
    'POST',
    '/api/v1/servers/:name/heartbeat',
    apiRoute(deps, 'ingest', async ({ req, res, params }, deps) => {
      const name = params.name!
      if (!SERVER_NAME_RE.test(name) || name.length > 200) {
        req.resume()
        throw badRequest('server name must contain only letters, digits, ".", "-" and "_"')
      }
      const spec = parseInput(serverSpecSchema, await readJsonObject(req, 64_000, { emptyIsObject: true }))
      if (spec.name !== undefined)
        throw badRequest('the server is named by the URL; "name" is not accepted here')
      const now = deps.clock.now()
      const server = await deps.store.transaction(async (tx) => {
        const found = await tx.getServer({ name })
        // locked: the evaluator marking it offline meanwhile waits, and is not overwritten
        const existing = found && (await tx.lockServer(found.id))
        const current =
          existing === null
            ? await tx.createServer(
                {
                  name,
                  environment: spec.environment ?? null,
                  tags: spec.tags ?? [],
                  heartbeatTimeout:
                    spec.heartbeatTimeout === undefined
                      ? DEFAULT_HEARTBEAT_TIMEOUT_MS
                      : spec.heartbeatTimeout,
                },
                now,
              )
            : Object.keys(spec).length > 0
              ? await tx.updateServer(existing.id, spec, now)
              : existing
        if (existing === null) await settleProtection(tx, current.id, now)
        const deadline = await recordHeartbeat(tx, current, now)
        if (deadline !== null) deps.notifyDue(deadline)
        return (await tx.getServer({ id: current.id }))!
      })
      sendJson(res, 200, presentServer(server, now))
    }),
  )
}
