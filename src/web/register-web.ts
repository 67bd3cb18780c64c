// Registers the dashboard's routes: assets, sign-in, and one line per page.
import type { Router } from '../http/router.js'
import { jobsPage } from './pages/jobs-page.js'
import { jobsRows } from './pages/jobs-rows.js'
import { overviewPage } from './pages/overview-page.js'
import { registerAssetRoute } from './routes/asset-route.js'
import { registerSessionPages } from './routes/session-routes.js'
import type { WebDeps } from './web-deps.js'
import { webRoute } from './web-route.js'

export function registerWeb(router: Router, deps: WebDeps): void {
  registerAssetRoute(router, deps)
  registerSessionPages(router, deps)
  router.on('GET', '/', webRoute(deps, { need: 'read' }, overviewPage))
  router.on('GET', '/jobs', webRoute(deps, { need: 'read' }, jobsPage))
  router.on('GET', '/live/job-rows', webRoute(deps, { need: 'read', fragment: true }, jobsRows))
}
