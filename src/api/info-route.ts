// GET /api/v1/info: any valid token. The ping key is what the slug ping URLs (SPEC §2.1) need;
// it is a ping secret, so a read token does not get it (SPEC §3).
import { seesPingSecrets } from '../domain/access.js'
import { sendJson } from '../http/respond.js'
import type { Router } from '../http/router.js'
import type { ApiDeps } from './api-deps.js'
import { apiRoute, requestProject } from './api-route.js'

export function registerInfoRoute(router: Router, deps: ApiDeps): void {
  router.on(
    'GET',
    '/api/v1/info',
    apiRoute(deps, 'read', async ({ res, head, principal }, deps) => {
      const project = await deps.store.getProject({ id: requestProject(deps) })
      const info = {
        version: deps.version,
        base_url: deps.baseUrl,
        project: project?.slug ?? null,
        ...(seesPingSecrets(principal) && { ping_key: project?.pingKey ?? null }),
      }
      sendJson(res, 200, info, {}, head)
    }),
  )
}
