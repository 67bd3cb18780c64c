// Registers every /api/v1 route on the router. Routes read deps.baseUrl at request time: the
// composition root only knows it once the server is bound.
import type { Router } from '../http/router.js'
import { registerAlertRoutes } from './alert-routes.js'
import type { ApiDeps } from './api-deps.js'
import { registerAuditRoutes } from './audit-routes.js'
import { registerChannelRoutes } from './channel-routes.js'
import { registerHeartbeatRoute } from './heartbeat-route.js'
import { registerInfoRoute } from './info-route.js'
import { registerJobRoutes } from './job-routes.js'
import { registerMetricsRoute } from './metrics-route.js'
import { registerPolicyRoutes } from './policy-routes.js'
import { registerProjectRoutes } from './project-routes.js'
import { registerReportRoute } from './report-route.js'
import { registerReportRunRoute } from './report-run-route.js'
import { registerRunRoutes } from './run-routes.js'
import { registerServerRoutes } from './server-routes.js'
import { registerSessionRoutes } from './session-routes.js'
import { registerSilenceRoutes } from './silence-routes.js'
import { registerSnapshotRoutes } from './snapshot-routes.js'
import { registerTokenRoutes } from './token-routes.js'

export function registerApi(router: Router, deps: ApiDeps): void {
  registerJobRoutes(router, deps)
  registerRunRoutes(router, deps)
  registerReportRunRoute(router, deps)
  registerServerRoutes(router, deps)
  registerHeartbeatRoute(router, deps)
  registerAlertRoutes(router, deps)
  registerChannelRoutes(router, deps)
  registerSilenceRoutes(router, deps)
  registerInfoRoute(router, deps)
  registerReportRoute(router, deps)
  registerPolicyRoutes(router, deps)
  registerSnapshotRoutes(router, deps)
  registerMetricsRoute(router, deps)
  registerSessionRoutes(router, deps)
  registerAuditRoutes(router, deps)
  registerTokenRoutes(router, deps)
  registerProjectRoutes(router, deps)
}
