// /api/v1/silences (issue 5): matchers with a window that hold notifications back.
// - GET /silences (?state=active|pending|expired, paged, newest first), GET /silences/{id|name}
// - POST /silences: {match, starts_at?, ends_at | duration, author?, comment?, name?} → 201;
//   `duration` counts from starts_at (default now); the author defaults to the token's name
// - PATCH /silences/{id}: any of those keys; here `duration` counts from now ("2 more hours")
// - DELETE /silences/{id}: ends it now (204); the record stays, so past suppressions stay explained
// Any change lets the alerts no silence holds back any more be sent at once.
import { type SilenceSpec, silenceSpecSchema } from '../config/silence-spec.js'
import { fieldsOf, target } from '../domain/audit.js'
import { iso } from '../domain/job-alerts.js'
import { type SilenceRecord, silenceState } from '../domain/silence.js'
import { sendJson } from '../http/respond.js'
import type { Router } from '../http/router.js'
import type { ApiDeps } from './api-deps.js'
import { conflict, notFound } from './api-errors.js'
import { apiRoute } from './api-route.js'
import { enumParam, pageRequest } from './query-params.js'
import { readJsonObject } from './request-body.js'
import { invalidRequest, parseInput } from './validate.js'

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

const silenceTarget = (s: SilenceRecord) => target('silence', s.id, s.name)

async function findSilence(deps: ApiDeps, ref: string): Promise<SilenceRecord> {
  const found = /^\d{1,15}$/.test(ref)
    ? await deps.store.getSilence({ id: Number(ref) })
    : await deps.store.getSilence({ name: ref })
  if (!found) throw notFound('silence')
  return found
}

function checkWindow(startsAt: number, endsAt: number, now: number): void {
  if (endsAt <= now) throw invalidRequest([{ path: ['ends_at'], message: 'must be in the future' }])
  if (endsAt <= startsAt) throw invalidRequest([{ path: ['ends_at'], message: 'must be after starts_at' }])
}

async function takenName(deps: ApiDeps, name: string | null | undefined, id?: number): Promise<void> {
  if (!name) return
  const other = await deps.store.getSilence({ name })
  if (other && other.id !== id) throw conflict(`a silence named "${name}" exists (id ${other.id})`)
}

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
      sendJson(res, 200, presentSilence(await findSilence(deps, params.id!), deps.clock.now()), {}, head)
    }),
  )

  router.on(
    'POST',
    BASE,
    apiRoute(deps, 'operate', async ({ req, res, principal, audit }, deps) => {
      const body = await readJsonObject(req)
      const spec: SilenceSpec = parseInput(silenceSpecSchema, body, ['match'])
      const now = deps.clock.now()
      const startsAt = spec.startsAt ?? now
      const endsAt = spec.endsAt ?? (spec.duration !== undefined ? startsAt + spec.duration : undefined)
      if (endsAt === undefined)
        throw invalidRequest([{ path: ['ends_at'], message: 'required (or duration, e.g. "2h")' }])
      checkWindow(startsAt, endsAt, now)
      await takenName(deps, spec.name)
      const created = await deps.store.transaction(async (tx) => {
        const silence = await tx.createSilence(
          {
            name: spec.name ?? null,
            match: spec.match!,
            startsAt,
            endsAt,
            author: spec.author ?? principal.name,
            comment: spec.comment ?? null,
            source: 'api',
          },
          now,
        )
        await audit(tx, {
          action: 'silence.created',
          target: silenceTarget(silence),
          details: fieldsOf(body),
        })
        return silence
      })
      await deps.onSilencesChanged()
      sendJson(res, 201, presentSilence(created, now))
    }),
  )

  router.on(
    'PATCH',
    `${BASE}/:id`,
    apiRoute(deps, 'operate', async ({ req, res, params, audit }, deps) => {
      const body = await readJsonObject(req)
      const existing = await findSilence(deps, params.id!)
      const spec: SilenceSpec = parseInput(silenceSpecSchema, body)
      const now = deps.clock.now()
      const startsAt = spec.startsAt ?? existing.startsAt
      const endsAt = spec.endsAt ?? (spec.duration !== undefined ? now + spec.duration : existing.endsAt)
      if (spec.startsAt !== undefined || spec.endsAt !== undefined || spec.duration !== undefined)
        checkWindow(startsAt, endsAt, now)
      await takenName(deps, spec.name, existing.id)
      const patch = {
        ...(spec.name !== undefined && { name: spec.name }),
        ...(spec.match !== undefined && { match: spec.match }),
        ...(startsAt !== existing.startsAt && { startsAt }),
        ...(endsAt !== existing.endsAt && { endsAt }),
        ...(spec.author !== undefined && { author: spec.author }),
        ...(spec.comment !== undefined && { comment: spec.comment }),
      }
      const updated = await deps.store.transaction(async (tx) => {
        const silence = await tx.updateSilence(existing.id, patch, now)
        if (!silence) throw notFound('silence')
        await audit(tx, {
          action: 'silence.updated',
          target: silenceTarget(silence),
          details: fieldsOf(body),
        })
        return silence
      })
      await deps.onSilencesChanged()
      sendJson(res, 200, presentSilence(updated, now))
    }),
  )

  router.on(
    'DELETE',
    `${BASE}/:id`,
    apiRoute(deps, 'operate', async ({ req, res, params, audit }, deps) => {
      req.resume()
      const existing = await findSilence(deps, params.id!)
      const now = deps.clock.now()
      if (existing.endsAt > now) {
        await deps.store.transaction(async (tx) => {
          await tx.updateSilence(existing.id, { endsAt: now }, now)
          await audit(tx, { action: 'silence.ended', target: silenceTarget(existing) })
        })
        await deps.onSilencesChanged()
      }
      res.writeHead(204).end()
    }),
  )
}
