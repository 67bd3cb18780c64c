// /api/v1/channels: the channels (config file and API) with their delivery health (never their
// secrets), a synchronous test message, and the notification history of an alert. Creating,
// changing and deleting channels: channel-admin-routes.ts.

import { listChannels, testChannel } from '../app/channels/channel-changes.js'
import { iso } from '../domain/job-alerts.js'
import { sendJson } from '../http/respond.js'
import type { Router } from '../http/router.js'
import { channelTextRedactor } from '../notify/channel-text.js'
import type { Redactor } from '../notify/redact-text.js'
import type { ApiDeps } from './api-deps.js'
import { notFound } from './api-errors.js'
import { apiRoute, requestProject } from './api-route.js'
import { channelDeps, registerChannelAdminRoutes } from './channel-admin-routes.js'

const isoOrNull = (ms: number | null) => (ms === null ? null : iso(ms))

export function registerChannelRoutes(router: Router, deps: ApiDeps): void {
  router.on(
    'GET',
    '/api/v1/channels',
    apiRoute(deps, 'read', async ({ res, head }, deps) => {
      const items = await listChannels(channelDeps(deps))
      sendJson(res, 200, { items, next_cursor: null }, {}, head)
    }),
  )

  registerChannelAdminRoutes(router, deps)

  router.on(
    'POST',
    '/api/v1/channels/:name/test',
    apiRoute(deps, 'operate', async ({ req, res, params, audit }, deps) => {
      req.resume()
      const sent = await testChannel(
        { ...channelDeps(deps), notifiers: deps.notifiers, baseUrl: deps.baseUrl },
        audit,
        params.name!,
      )
      sendJson(res, 200, { ok: true, ...sent })
    }),
  )

  router.on(
    'GET',
    '/api/v1/alerts/:id/notifications',
    apiRoute(deps, 'read', async ({ res, params, head }, deps) => {
      const id = /^\d{1,15}$/.test(params.id!) ? Number(params.id) : null
      const alert = id === null ? null : await deps.store.getAlert(id)
      if (!alert) throw notFound('alert')
      const redactors = new Map<string, Redactor>()
      const redact = (channel: string, text: string | null) => {
        if (text === null) return null
        let r = redactors.get(channel)
        if (!r) {
          r = channelTextRedactor(deps.channelRegistry.find(requestProject(deps), channel))
          redactors.set(channel, r)
        }
        return r(text)
      }
      const items = (await deps.store.deliveriesForAlert(alert.id)).map((d) => ({
        channel: d.channel,
        transition: d.transition,
        status: d.status,
        attempts: d.attempts,
        // stored rows may predate redaction: cleaned again on the way out
        last_error: redact(d.channel, d.lastError),
        receiver_answer: redact(d.channel, d.detail),
        created_at: iso(d.createdAt),
        sent_at: isoOrNull(d.sentAt),
        next_attempt_at: d.status === 'pending' ? iso(d.nextAttemptAt) : null,
      }))
      sendJson(res, 200, { items, next_cursor: null }, {}, head)
    }),
  )
}
