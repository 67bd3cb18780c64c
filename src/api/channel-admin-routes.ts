// /api/v1/channels/{name} and POST /api/v1/channels: channels managed through the API (SPEC §7),
// the same flat map as the config file's `channels` entries. Reading needs the read scope,
// changing admin. Channels are stored with source `api`; one the file also declares is put back
// as the file says at the next start, and a config channel deleted here comes back then too.
// After each change this process reloads its channels (others within 30 s).
import { fieldsOf, target } from '../domain/audit.js'
import { sendJson } from '../http/respond.js'
import type { Router } from '../http/router.js'
import { restoreRedacted } from '../notify/channel-redact.js'
import type { AuditRecorder } from '../store/roles/audit-store.js'
import type { StoredChannel } from '../store/roles/channel-store.js'
import type { ApiDeps } from './api-deps.js'
import { conflict, notFound } from './api-errors.js'
import { type ApiContext, apiRoute, requestProject } from './api-route.js'
import { checkBodyName, invalidChannel, parseChannelMap } from './channel-input.js'
import { mergeChannelPatch } from './channel-patch.js'
import { channelWriteProblems } from './channel-write-guard.js'
import { presentChannel } from './present-channel.js'
import { readJsonObject } from './request-body.js'

const BASE = '/api/v1/channels'

async function present(deps: ApiDeps, name: string) {
  const entry = deps.channelRegistry.find(requestProject(deps), name)
  // deleted meanwhile by another request
  if (!entry) throw notFound('channel')
  const state = (await deps.store.channelStates()).find((s) => s.channel === name)
  return presentChannel(entry, state, (await deps.store.pendingCounts())[name] ?? 0)
}

async function existing(deps: ApiDeps, name: string): Promise<StoredChannel> {
  const stored = await deps.store.getChannel(name)
  if (!stored) throw notFound('channel')
  return stored
}

const channelTarget = (name: string) => target('channel', null, name)

/** Validates and stores the map with source `api` (audited: the body's fields), reloads, answers with the channel. */
async function store(deps: ApiDeps, map: Record<string, unknown>, audit: AuditRecorder, body: Obj) {
  const spec = parseChannelMap(deps.channelRegistry, map)
  await deps.store.transaction(async (tx) => {
    await tx.putChannel({ name: spec.name, kind: spec.kind, spec: map, source: 'api' }, deps.clock.now())
    await audit(tx, { action: 'channel.updated', target: channelTarget(spec.name), details: fieldsOf(body) })
  })
  await deps.channelRegistry.load()
  return present(deps, spec.name)
}

/** 400 invalid_channel when the API may not write `map` (see channel-write-guard.ts). */
function guard(
  body: Record<string, unknown>,
  map: Record<string, unknown>,
  stored: StoredChannel | null,
): void {
  const problems = channelWriteProblems(body, map, stored)
  if (problems.length > 0) throw invalidChannel(problems)
}

type Obj = Record<string, unknown>

/** PUT and PATCH: the stored channel, the new map `build` makes from the body, checked and stored. */
async function rewrite(
  deps: ApiDeps,
  { req, res, params, audit }: ApiContext,
  build: (body: Obj, stored: StoredChannel, name: string) => Obj,
): Promise<void> {
  const body = await readJsonObject(req)
  const name = params.name!
  const stored = await existing(deps, name)
  checkBodyName(body, name)
  const map = build(body, stored, name)
  guard(body, map, stored)
  sendJson(res, 200, await store(deps, map, audit, body))
}

export function registerChannelAdminRoutes(router: Router, deps: ApiDeps): void {
  router.on(
    'GET',
    `${BASE}/:name`,
    apiRoute(deps, 'read', async ({ res, params, head }, deps) => {
      sendJson(res, 200, await present(deps, params.name!), {}, head)
    }),
  )

  router.on(
    'POST',
    BASE,
    apiRoute(deps, 'admin', async ({ req, res, audit }, deps) => {
      const body = await readJsonObject(req)
      guard(body, body, null)
      const spec = parseChannelMap(deps.channelRegistry, body)
      await deps.store.transaction(async (tx) => {
        const created = await tx.createChannel(
          { name: spec.name, kind: spec.kind, spec: body, source: 'api' },
          deps.clock.now(),
        )
        if (!created) throw conflict(`a channel named ${JSON.stringify(spec.name)} already exists`)
        await audit(tx, {
          action: 'channel.created',
          target: channelTarget(spec.name),
          details: fieldsOf(body),
        })
      })
      await deps.channelRegistry.load()
      sendJson(res, 201, await present(deps, spec.name))
    }),
  )

  router.on(
    'PUT',
    `${BASE}/:name`,
    apiRoute(deps, 'admin', (ctx, deps) =>
      rewrite(deps, ctx, (body, stored, name) =>
        restoreRedacted(stored.kind, { ...body, name }, stored.spec),
      ),
    ),
  )

  router.on(
    'PATCH',
    `${BASE}/:name`,
    apiRoute(deps, 'admin', (ctx, deps) =>
      rewrite(deps, ctx, (body, stored, name) => mergeChannelPatch({ ...stored.spec, name }, body)),
    ),
  )

  router.on(
    'DELETE',
    `${BASE}/:name`,
    apiRoute(deps, 'admin', async ({ req, res, params, audit }, deps) => {
      req.resume()
      await deps.store.transaction(async (tx) => {
        if (!(await tx.deleteChannel(params.name!))) throw notFound('channel')
        await audit(tx, { action: 'channel.deleted', target: channelTarget(params.name!) })
      })
      await deps.channelRegistry.load()
      res.writeHead(204).end()
    }),
  )
}
