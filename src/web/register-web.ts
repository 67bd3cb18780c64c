// Registers the dashboard's routes: assets, sign-in, and one line per page. A page is a
// WebHandler in pages/<name>-page.ts wrapped by webRoute (session gate, the capability it needs,
// `_csrf` of every POST, store bound to the project) that ends with renderPage (layout, NAV entry
// in components/layout.ts); a POST handler reads ctx.form and answers with redirect (303).
import type { Router } from '../http/router.js'
import { alertPage, resolveAlertForm } from './pages/alert-page.js'
import { alertsPage } from './pages/alerts-page.js'
import { addChannel, channelsPage, removeChannel, sendTest } from './pages/channels-page.js'
import { editSchedule, pauseOrResume, silenceJob } from './pages/job-actions.js'
import { jobPage } from './pages/job-page.js'
import { jobsPage } from './pages/jobs-page.js'
import { jobsRows } from './pages/jobs-rows.js'
import { overviewLive, overviewPage } from './pages/overview-page.js'
import { reportCsv, reportPage } from './pages/report-page.js'
import { runPage } from './pages/run-page.js'
import { serversPage } from './pages/servers-page.js'
import { createTokenForm, revokeTokenForm, settingsPage } from './pages/settings-page.js'
import { createSilenceForm, expireSilenceForm, silencesPage } from './pages/silences-page.js'
import { registerAssetRoute } from './routes/asset-route.js'
import { registerSessionPages } from './routes/session-routes.js'
import type { WebDeps } from './web-deps.js'
import { webRoute } from './web-route.js'

export function registerWeb(router: Router, deps: WebDeps): void {
  registerAssetRoute(router, deps)
  registerSessionPages(router, deps)
  router.on('GET', '/', webRoute(deps, { need: 'read' }, overviewPage))
  router.on('GET', '/jobs', webRoute(deps, { need: 'read' }, jobsPage))
  router.on('GET', '/live/overview', webRoute(deps, { need: 'read', fragment: true }, overviewLive))
  router.on('GET', '/jobs/:slug', webRoute(deps, { need: 'read' }, jobPage))
  // the capabilities of POST /api/v1/jobs/{id}/pause|resume, POST /api/v1/silences, PATCH /api/v1/jobs/{id}
  router.on('POST', '/jobs/:slug/pause', webRoute(deps, { need: 'operate' }, pauseOrResume(true)))
  router.on('POST', '/jobs/:slug/resume', webRoute(deps, { need: 'operate' }, pauseOrResume(false)))
  router.on('POST', '/jobs/:slug/silence', webRoute(deps, { need: 'operate' }, silenceJob))
  router.on('POST', '/jobs/:slug/schedule', webRoute(deps, { need: 'admin' }, editSchedule))
  router.on('GET', '/runs/:id', webRoute(deps, { need: 'read' }, runPage))
  router.on('GET', '/live/job-rows', webRoute(deps, { need: 'read', fragment: true }, jobsRows))
  router.on('GET', '/channels', webRoute(deps, { need: 'read' }, channelsPage))
  router.on('POST', '/channels', webRoute(deps, { need: 'admin' }, addChannel))
  router.on('POST', '/channels/:name/delete', webRoute(deps, { need: 'admin' }, removeChannel))
  router.on('POST', '/channels/:name/test', webRoute(deps, { need: 'operate' }, sendTest))
  router.on('GET', '/report', webRoute(deps, { need: 'read' }, reportPage))
  router.on('GET', '/report.csv', webRoute(deps, { need: 'read' }, reportCsv))
  router.on('GET', '/servers', webRoute(deps, { need: 'read' }, serversPage))
  // the capability of /api/v1/tokens: admin
  router.on('GET', '/settings', webRoute(deps, { need: 'read' }, settingsPage))
  router.on('POST', '/settings/tokens', webRoute(deps, { need: 'admin' }, createTokenForm))
  router.on('POST', '/settings/tokens/:id/revoke', webRoute(deps, { need: 'admin' }, revokeTokenForm))
  router.on('GET', '/alerts', webRoute(deps, { need: 'read' }, alertsPage))
  router.on('GET', '/alerts/:id', webRoute(deps, { need: 'read' }, alertPage))
  router.on('POST', '/alerts/:id/resolve', webRoute(deps, { need: 'operate' }, resolveAlertForm))
  router.on('GET', '/silences', webRoute(deps, { need: 'read' }, silencesPage))
  router.on('POST', '/silences', webRoute(deps, { need: 'operate' }, createSilenceForm))
  router.on('POST', '/silences/:id/expire', webRoute(deps, { need: 'operate' }, expireSilenceForm))
}
