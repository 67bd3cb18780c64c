// /api/v1/policies: one policy per environment (SPEC §7), the same thing the config file's
// `policies` declares. Reading needs the read scope, changing admin.
//
// - GET /policies → {items, next_cursor: null}, by environment name (they are few: no paging).
// - GET /policies/{environment} → the stored policy, or 404 (an environment without one follows
//   `default`, else the built-in defaults; its jobs show that in `effective_policy`).
// - PUT /policies/{environment} → full replace (keys left out fall back to the built-in
//   defaults), stored with source `api`; 200 with the policy. A config-file policy may be
//   replaced or deleted too: the file puts it back at the next start.
// - DELETE /policies/{environment} → 204, or 404 when there is none.
// After a change the in-memory policies are reloaded and the jobs re-evaluated.

import { invalidRequest, parseInput } from '../app/validate-input.js'
import {
  ENVIRONMENT_NAME_HINT,
  ENVIRONMENT_NAME_RE,
  policySpecSchema,
  presentPolicy,
} from '../config/policy-spec.js'
import { fieldsOf, target } from '../domain/audit.js'
import { sendJson } from '../http/respond.js'
import type { Router } from '../http/router.js'
import type { ApiDeps } from './api-deps.js'
import { notFound } from './api-errors.js'
import { apiRoute, requestProject } from './api-route.js'
import { readJsonObject } from './request-body.js'

const BASE = '/api/v1/policies'

function environmentOf(params: Record<string, string>): string {
  const environment = params.environment ?? ''
  if (!ENVIRONMENT_NAME_RE.test(environment)) {
    throw invalidRequest([{ path: ['environment'], message: ENVIRONMENT_NAME_HINT }])
  }
  return environment
}

const policyTarget = (environment: string) => target('policy', null, environment)

export function registerPolicyRoutes(router: Router, deps: ApiDeps): void {
  const changed = async (projectId: number, environment: string) => {
    deps.policies.invalidate()
    await deps.policies.load()
    await deps.onPolicyChanged(projectId, environment)
  }

  router.on(
    'GET',
    BASE,
    apiRoute(deps, 'read', async ({ res, head }, deps) => {
      const items = (await deps.store.listPolicies())
        .sort((a, b) => (a.environment < b.environment ? -1 : a.environment > b.environment ? 1 : 0))
        .map(presentPolicy)
      sendJson(res, 200, { items, next_cursor: null }, {}, head)
    }),
  )

  router.on(
    'GET',
    `${BASE}/:environment`,
    apiRoute(deps, 'read', async ({ params, res, head }, deps) => {
      const stored = await deps.store.getPolicy(environmentOf(params))
      if (!stored) throw notFound('policy')
      sendJson(res, 200, presentPolicy(stored), {}, head)
    }),
  )

  router.on(
    'PUT',
    `${BASE}/:environment`,
    apiRoute(deps, 'admin', async ({ req, res, params, audit }, deps) => {
      const body = await readJsonObject(req)
      const environment = environmentOf(params)
      const spec = parseInput(policySpecSchema, body)
      const stored = await deps.store.transaction(async (tx) => {
        const action = (await tx.getPolicy(environment)) ? 'policy.updated' : 'policy.created'
        const put = await tx.putPolicy({ environment, ...spec, source: 'api' }, deps.clock.now())
        await audit(tx, { action, target: policyTarget(environment), details: fieldsOf(body) })
        return put
      })
      await changed(requestProject(deps), environment)
      sendJson(res, 200, presentPolicy(stored))
    }),
  )

  router.on(
    'DELETE',
    `${BASE}/:environment`,
    apiRoute(deps, 'admin', async ({ req, res, params, audit }, deps) => {
      req.resume()
      const environment = environmentOf(params)
      await deps.store.transaction(async (tx) => {
        if (!(await tx.deletePolicy(environment))) throw notFound('policy')
        await audit(tx, { action: 'policy.deleted', target: policyTarget(environment) })
      })
      await changed(requestProject(deps), environment)
      res.writeHead(204).end()
    }),
  )
}
