// /api/v1/channels/{name} and POST /api/v1/channels: channels managed through the API (SPEC §7),
// the same flat map as the config file's `channels` entries. Reading needs the read scope,
// changing admin. Channels are stored with source `api`; one the file also declares is put back
// as the file says at the next start, and a config channel deleted here comes back then too.
// After each change this process reloads its channels (others within 30 s).
import {
  type ChannelDeps,
  createChannel,
  deleteChannel,
  showChannel,
} from '../app/channels/channel-changes.js'
import { checkBodyName, invalidChannel, parseChannelMap } from '../app/channels/channel-input.js'
import { channelWriteProblems } from '../app/channels/channel-write-guard.js'
import { fieldsOf, target } from '../domain/audit.js'
import { sendJson } from '../http/respond.js'
import type { Router } from '../http/router.js'
import { restoreRedacted } from '../notify/channel-redact.js'
import type { AuditRecorder } from '../store/roles/audit-store.js'
import type { StoredChannel } from '../store/roles/channel-store.js'
import type { ApiDeps } from './api-deps.js'
import { notFound } from './api-errors.js'
import { type ApiContext, apiRoute } from './api-route.js'
import { mergeChannelPatch } from './channel-patch.js'
import { readJsonObject } from './request-body.js'

const BASE = '/api/v1/channels'

/** What the channel use cases need of the request's (scoped) deps. */
export function channelDeps(deps: ApiDeps): ChannelDeps {
  return { store: deps.store, channelRegistry: deps.channelRegistry, now: () => deps.clock.now() }
}

const present = (deps: ApiDeps, name: string) => showChannel(channelDeps(deps), name)

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
      sendJson(res, 201, await createChannel(channelDeps(deps), audit, body))
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
      await deleteChannel(channelDeps(deps), audit, params.name!)
      res.writeHead(204).end()
    }),
  )
}
