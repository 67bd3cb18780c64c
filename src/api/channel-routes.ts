// /api/v1/channels: the channels (config file and API) with their delivery health (never their
// secrets), a synchronous test message, and the notification history of an alert. Creating,
// changing and deleting channels: channel-admin-routes.ts.

import type { ChannelSpec } from '../config/channel-spec.js'
import { target } from '../domain/audit.js'
import { iso } from '../domain/job-alerts.js'
import { HttpError } from '../http/http-error.js'
import { sendJson } from '../http/respond.js'
import type { Router } from '../http/router.js'
import { channelTextRedactor } from '../notify/channel-text.js'
import { DeliveryError, type Notification } from '../notify/notifier.js'
import { sendWithTimeout } from '../notify/outbox/send-with-timeout.js'
import type { Redactor } from '../notify/redact-text.js'
import type { ApiDeps } from './api-deps.js'
import { notFound } from './api-errors.js'
import { apiRoute, requestProject } from './api-route.js'
import { registerChannelAdminRoutes } from './channel-admin-routes.js'
import { presentChannel } from './present-channel.js'

const TEST_TIMEOUT_MS = 10_000
const isoOrNull = (ms: number | null) => (ms === null ? null : iso(ms))

function findChannel(deps: ApiDeps, name: string): ChannelSpec {
  const entry = deps.channelRegistry.find(requestProject(deps), name)
  if (!entry) throw notFound('channel')
  if (!entry.spec)
    throw new HttpError(400, 'invalid_channel', `channel ${name} cannot be used: ${entry.error}`)
  return entry.spec
}

function testNotification(channel: ChannelSpec, deps: ApiDeps, now: number): Notification {
  const at = iso(now)
  return {
    transition: 'test',
    idempotencyKey: `backwatch-test-${channel.name}-${now}`,
    at,
    alert: {
      id: 0,
      type: 'job.failed',
      severity: 'critical',
      status: 'active',
      job: 'backwatch-test',
      server: null,
      environment: null,
      tags: [],
      summary: `Test message from Backwatch to channel ${channel.name}: if you read this, notifications reach you.`,
      details: { test: true },
      opened_at: at,
      resolved_at: null,
      log_tail: null,
      url: `${deps.baseUrl}/api/v1/channels`,
    },
  }
}

export function registerChannelRoutes(router: Router, deps: ApiDeps): void {
  router.on(
    'GET',
    '/api/v1/channels',
    apiRoute(deps, 'read', async ({ res, head }, deps) => {
      const states = new Map((await deps.store.channelStates()).map((s) => [s.channel, s]))
      const pending = await deps.store.pendingCounts()
      const items = deps.channelRegistry
        .all()
        .filter((e) => e.stored.projectId === requestProject(deps))
        .map((e) => presentChannel(e, states.get(e.stored.name), pending[e.stored.name] ?? 0))
      sendJson(res, 200, { items, next_cursor: null }, {}, head)
    }),
  )

  registerChannelAdminRoutes(router, deps)

  router.on(
    'POST',
    '/api/v1/channels/:name/test',
    apiRoute(deps, 'operate', async ({ req, res, params, audit }, deps) => {
      req.resume()
      const channel = findChannel(deps, params.name!)
      const tested = (ok: boolean) =>
        audit(deps.store, {
          action: 'channel.tested',
          target: target('channel', null, channel.name),
          details: { ok },
        })
      const notifier = deps.notifiers[channel.kind]
      if (!notifier)
        throw new HttpError(501, 'not_implemented', `channel type ${channel.kind} is not available`)
      const settings = notifier.settings.safeParse(channel.settings)
      if (!settings.success) {
        throw new HttpError(
          400,
          'invalid_channel',
          `channel ${channel.name} is misconfigured: ${settings.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
        )
      }
      const now = deps.clock.now()
      try {
        const result = await sendWithTimeout(
          notifier,
          testNotification(channel, deps, now),
          settings.data,
          TEST_TIMEOUT_MS,
        )
        await deps.store.recordChannelResult(channel.name, true, null, deps.clock.now())
        await tested(true)
        sendJson(res, 200, { ok: true, channel: channel.name, status: result.status, detail: result.detail })
      } catch (err) {
        const e = err instanceof DeliveryError ? err : new DeliveryError(String(err), true)
        await deps.store.recordChannelResult(channel.name, false, e.message, deps.clock.now())
        await tested(false)
        throw new HttpError(
          502,
          'delivery_failed',
          `the receiver did not accept the test message: ${e.message}`,
          {
            status: e.status,
            retryable: e.retryable,
          },
        )
      }
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
