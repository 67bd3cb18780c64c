// GET /api/v1/audit (a project's admins): the project's audit log, newest first, paged like every
// list. Filters: `action` (job.deleted, or a family: job.*), `target` (a kind, `job`, or one
// target, `job:db-nightly` / `job:12`), `actor` (a username or token name, or config / system),
// `since` (an ISO time, or a duration back from now: 24h).
import { AUDIT_ACTION_FILTER, presentAuditEvent, sinceInstant, targetFilter } from '../domain/audit.js'
import { sendJson } from '../http/respond.js'
import type { Router } from '../http/router.js'
import type { AuditFilter } from '../store/roles/audit-store.js'
import type { ApiDeps } from './api-deps.js'
import { apiRoute } from './api-route.js'
import { badParam, pageRequest, param } from './query-params.js'

function auditFilter(url: URL, now: number): AuditFilter {
  const filter: AuditFilter = {}
  const action = param(url, 'action')
  if (action !== undefined) {
    if (!AUDIT_ACTION_FILTER.test(action))
      throw badParam('action', 'must be an action like job.deleted, or a family like job.*')
    filter.action = action
  }
  const targetText = param(url, 'target')
  if (targetText !== undefined) {
    const target = targetFilter(targetText)
    if (target === null)
      throw badParam('target', 'must be a kind like job, or kind:id-or-name like job:db-nightly')
    filter.targetKind = target.kind
    if (target.ref !== undefined) filter.targetRef = target.ref
  }
  const actor = param(url, 'actor')
  if (actor !== undefined) filter.actor = actor
  const sinceText = param(url, 'since')
  if (sinceText !== undefined) {
    const since = sinceInstant(sinceText, now)
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
