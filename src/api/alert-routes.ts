// /api/v1/alerts: newest first by opened_at; filters status, severity, type, job, server. An
// active alert a silence holds back names it in `silenced_by`.

import { presentAlert } from '../domain/present-alert.js'
import { ALERT_TYPES, SEVERITIES } from '../domain/types.js'
import { sendJson } from '../http/respond.js'
import type { Router } from '../http/router.js'
import { silencedAlerts } from '../notify/alert-silences.js'
import type { AlertFilter } from '../store/roles/alert-store.js'
import type { ApiDeps } from './api-deps.js'
import { notFound } from './api-errors.js'
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
      const id = /^\d{1,15}$/.test(params.id!) ? Number(params.id) : null
      const alert = id === null ? null : await deps.store.getAlert(id)
      if (!alert) throw notFound('alert')
      const silenced = await silencedAlerts(deps.store, [alert], deps.clock.now())
      sendJson(res, 200, { ...presentAlert(alert), silenced_by: silenced.get(alert.id) ?? null }, {}, head)
    }),
  )
}
