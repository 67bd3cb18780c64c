// /api/v1/alerts: newest first by opened_at; filters status, severity, type, job, server. An
// active alert a silence holds back names it in `silenced_by`. POST /alerts/{id}/resolve (operate)
// resolves an active alert by hand (audited; its resolution is sent like any other): an alert whose
// condition still holds opens again when its job or server is next evaluated.

import { findAlert, resolveAlert } from '../app/alerts/resolve-alert.js'
import { presentAlert } from '../domain/present-alert.js'
import { ALERT_TYPES, SEVERITIES } from '../domain/types.js'
import { sendJson } from '../http/respond.js'
import type { Router } from '../http/router.js'
import { silencedAlerts } from '../notify/alert-silences.js'
import type { AlertFilter } from '../store/roles/alert-store.js'
import type { ApiDeps } from './api-deps.js'
import { apiRoute } from './api-route.js'
import { jobFilter, serverFilter } from './lookup.js'
import { enumParam, pageRequest } from './query-params.js'

const ALERT_STATUSES = ['active', 'resolved'] as const

export function registerAlertRoutes(router: Router, deps: ApiDeps): void {
  router.on(
    'GET',
    '/api/v1/alerts',
    apiRoute(deps, 'read', async ({ url, res, head }, deps) => {
      const page = pageRequest(url)
      const filter: AlertFilter = {}
      const status = enumParam(url, 'status', ALERT_STATUSES)
      if (status !== undefined) filter.status = status
      const severity = enumParam(url, 'severity', SEVERITIES)
      if (severity !== undefined) filter.severity = severity
      const type = enumParam(url, 'type', ALERT_TYPES)
      if (type !== undefined) filter.type = type
      const job = await jobFilter(deps.store, url)
      if (job !== undefined) filter.job = job
      const server = await serverFilter(deps.store, url)
      if (server !== undefined) filter.server = server
      const result = await deps.store.listAlerts(filter, page)
      const silenced = await silencedAlerts(deps.store, result.items, deps.clock.now())
      const items = result.items.map((a) => ({ ...presentAlert(a), silenced_by: silenced.get(a.id) ?? null }))
      sendJson(res, 200, { items, next_cursor: result.nextCursor }, {}, head)
    }),
  )

  router.on(
    'GET',
    '/api/v1/alerts/:id',
    apiRoute(deps, 'read', async ({ params, res, head }, deps) => {
      const alert = await findAlert(deps.store, params.id!)
      const silenced = await silencedAlerts(deps.store, [alert], deps.clock.now())
      sendJson(res, 200, { ...presentAlert(alert), silenced_by: silenced.get(alert.id) ?? null }, {}, head)
    }),
  )

  router.on(
    'POST',
    '/api/v1/alerts/:id/resolve',
    apiRoute(deps, 'operate', async ({ req, params, res, audit }, deps) => {
      req.resume()
      const alert = await findAlert(deps.store, params.id!)
      sendJson(res, 200, presentAlert(await resolveAlert(deps.store, alert, audit, deps.clock.now())))
    }),
  )
}
