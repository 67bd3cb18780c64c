// GET /api/v1/report (scope read): the fleet summary of SPEC §6, built from aggregate queries.
import { sendJson } from '../http/respond.js'
import type { Router } from '../http/router.js'
import { buildReport } from '../report/build-report.js'
import type { ApiDeps } from './api-deps.js'
import { apiRoute } from './api-route.js'

export function registerReportRoute(router: Router, deps: ApiDeps): void {
  router.on(
    'GET',
    '/api/v1/report',
    apiRoute(deps, 'read', async ({ res, head }, deps) => {
      sendJson(res, 200, await buildReport(deps.store, deps.clock.now()), {}, head)
    }),
  )
}
