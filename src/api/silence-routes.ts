// /api/v1/silences (issue 5): matchers with a window that hold notifications back.
// - GET /silences (?state=active|pending|expired, paged, newest first), GET /silences/{id|name}
// - POST /silences: {match, starts_at?, ends_at | duration, author?, comment?, name?} → 201;
//   `duration` counts from starts_at (default now); the author defaults to the token's name
// - PATCH /silences/{id}: any of those keys; here `duration` counts from now ("2 more hours")
// - DELETE /silences/{id}: ends it now (204); the record stays, so past suppressions stay explained
// Any change lets the alerts no silence holds back any more be sent at once.
import {
  createSilence,
  endSilence,
  findSilence,
  type SilenceChangeDeps,
  updateSilence,
} from '../app/silences/silence-changes.js'
import { iso } from '../domain/job-alerts.js'
import { type SilenceRecord, silenceState } from '../domain/silence.js'
import { sendJson } from '../http/respond.js'
import type { Router } from '../http/router.js'
import type { ApiDeps } from './api-deps.js'
import { type ApiContext, apiRoute } from './api-route.js'
import { enumParam, pageRequest } from './query-params.js'
import { readJsonObject } from './request-body.js'

const BASE = '/api/v1/silences'

export function presentSilence(s: SilenceRecord, now: number) {
  return {
    id: s.id,
    name: s.name,
    match: s.match,
    starts_at: iso(s.startsAt),
    ends_at: iso(s.endsAt),
    state: silenceState(s, now),
    author: s.author,
    comment: s.comment,
    source: s.source,
    created_at: iso(s.createdAt),
    updated_at: iso(s.updatedAt),
  }
}

const changeDeps = (ctx: ApiContext, deps: ApiDeps): SilenceChangeDeps => ({
  store: deps.store,
  audit: ctx.audit,
  now: deps.clock.now(),
  changed: deps.onSilencesChanged,
})

export function registerSilenceRoutes(router: Router, deps: ApiDeps): void {
  router.on(
    'GET',
    BASE,
    apiRoute(deps, 'read', async ({ url, res, head }, deps) => {
      const now = deps.clock.now()
      const state = enumParam(url, 'state', ['active', 'pending', 'expired'] as const)
      const page = await deps.store.listSilences({ ...(state && { state }), now }, pageRequest(url))
      const items = page.items.map((s) => presentSilence(s, now))
      sendJson(res, 200, { items, next_cursor: page.nextCursor }, {}, head)
    }),
  )

  router.on(
    'GET',
    `${BASE}/:id`,
    apiRoute(deps, 'read', async ({ params, res, head }, deps) => {
      sendJson(
        res,
        200,
        presentSilence(await findSilence(deps.store, params.id!), deps.clock.now()),
        {},
        head,
      )
    }),
  )

  router.on(
    'POST',
    BASE,
    apiRoute(deps, 'operate', async (ctx, deps) => {
      const body = await readJsonObject(ctx.req)
      const created = await createSilence(changeDeps(ctx, deps), body, ctx.principal.name)
      sendJson(ctx.res, 201, presentSilence(created, deps.clock.now()))
    }),
  )

  router.on(
    'PATCH',
    `${BASE}/:id`,
    apiRoute(deps, 'operate', async (ctx, deps) => {
      const body = await readJsonObject(ctx.req)
      const existing = await findSilence(deps.store, ctx.params.id!)
      const updated = await updateSilence(changeDeps(ctx, deps), existing, body)
      sendJson(ctx.res, 200, presentSilence(updated, deps.clock.now()))
    }),
  )

  router.on(
    'DELETE',
    `${BASE}/:id`,
    apiRoute(deps, 'operate', async (ctx, deps) => {
      ctx.req.resume()
      await endSilence(changeDeps(ctx, deps), await findSilence(deps.store, ctx.params.id!))
      ctx.res.writeHead(204).end()
    }),
  )
}
