// GET /api/v1/audit (a project's admins): the project's audit log, newest first, paged like every
// list. Filters: `action` (job.deleted, or a family: job.*), `target` (a kind, `job`, or one
// target, `job:db-nightly` / `job:12`), `actor` (a username or token name, or config / system),
// `since` (an ISO time, or a duration back from now: 24h).
import { AUDIT_ACTION_FILTER, type AuditEventRecord } from '../domain/audit.js'
import { DurationError, parseDuration } from '../domain/duration.js'
import { parseIsoInstant } from '../domain/iso-instant.js'
import { iso } from '../domain/job-alerts.js'
import { sendJson } from '../http/respond.js'
import type { Router } from '../http/router.js'
import type { AuditFilter } from '../store/roles/audit-store.js'
import type { ApiDeps } from './api-deps.js'
import { apiRoute } from './api-route.js'
import { badParam, pageRequest, param } from './query-params.js'

export function presentAuditEvent(e: AuditEventRecord) {
  return {
    id: e.id,
    at: iso(e.at),
    actor: e.actor,
    action: e.action,
    target: e.target,
    details: e.details,
    ip: e.ip,
  }
}

/** `since` as an instant: an ISO time, or a duration back from `now`. */
export function sinceOf(text: string, now: number): number | null {
  const instant = parseIsoInstant(text)
  if (instant !== null) return instant
  try {
    return now - parseDuration(text)
  } catch (err) {
    if (err instanceof DurationError) return null
    throw err
  }
}

function auditFilter(url: URL, now: number): AuditFilter {
  const filter: AuditFilter = {}
  const action = param(url, 'action')
  if (action !== undefined) {
    if (!AUDIT_ACTION_FILTER.test(action))
      throw badParam('action', 'must be an action like job.deleted, or a family like job.*')
    filter.action = action
  }
  const target = param(url, 'target')
  if (target !== undefined) {
    const [kind, ref] = target.split(/:(.*)/s)
    if (!/^[a-z_]+$/.test(kind!) || ref === '')
      throw badParam('target', 'must be a kind like job, or kind:id-or-name like job:db-nightly')
    filter.targetKind = kind!
    if (ref !== undefined) filter.targetRef = ref
  }
  const actor = param(url, 'actor')
  if (actor !== undefined) filter.actor = actor
  const sinceText = param(url, 'since')
  if (sinceText !== undefined) {
    const since = sinceOf(sinceText, now)
    if (since === null)
      throw badParam('since', 'must be an ISO 8601 time like 2026-11-22T05:32:04Z or a duration like 24h')
    filter.since = since
  }
  return filter
}

export function registerAuditRoutes(router: Router, deps: ApiDeps): void {
  router.on(
    'GET',
    '/api/v1/audit',
    apiRoute(deps, 'admin', async ({ url, res, head }, deps) => {
      const filter = auditFilter(url, deps.clock.now())
      const page = await deps.store.listAudit(filter, pageRequest(url))
      sendJson(res, 200, { items: page.items.map(presentAuditEvent), next_cursor: page.nextCursor }, {}, head)
    }),
  )
}
