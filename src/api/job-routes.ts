// /api/v1/jobs: list, create, read, change, delete, pause and resume.
// Jobs are addressed by id or slug, never by uuid: no token can probe uuids (ping secrets)
// through the API. Reading needs the read scope, every change admin.

import { updateJob } from '../app/jobs/update-job.js'
import { parseInput } from '../app/validate-input.js'
import { apiJobSpecSchema } from '../config/job-spec.js'
import { type Principal, seesPingSecrets } from '../domain/access.js'
import { fieldsOf } from '../domain/audit.js'
import type { JobRecord } from '../domain/records.js'
import { JOB_STATUSES } from '../domain/types.js'
import { sendJson } from '../http/respond.js'
import type { Router } from '../http/router.js'
import type { JobFilter } from '../store/roles/job-store.js'
import type { ApiDeps } from './api-deps.js'
import { apiRoute } from './api-route.js'
import { createJob } from './create-job.js'
import { deleteJob } from './delete-job.js'
import { findJob, serverFilter } from './lookup.js'
import { loadJobView } from './present-job.js'
import { enumParam, pageRequest, param } from './query-params.js'
import { readJsonObject } from './request-body.js'

const BASE = '/api/v1/jobs'

export function registerJobRoutes(router: Router, deps: ApiDeps): void {
  const view = (job: JobRecord, principal: Principal) =>
    loadJobView(deps.store, job, deps.baseUrl, seesPingSecrets(principal))

  // Filters (beyond SPEC): `server` (id or name), `status`, `environment`.
  router.on(
    'GET',
    BASE,
    apiRoute(deps, 'read', async ({ url, res, head, principal }, deps) => {
      const page = pageRequest(url)
      const filter: JobFilter = {}
      const server = await serverFilter(deps.store, url)
      if (server !== undefined) filter.server = server
      const status = enumParam(url, 'status', JOB_STATUSES)
      if (status !== undefined) filter.status = status
      const environment = param(url, 'environment')
      if (environment !== undefined) filter.environment = environment
      const result = await deps.store.listJobs(filter, page)
      const items = await Promise.all(result.items.map((job) => view(job, principal)))
      sendJson(res, 200, { items, next_cursor: result.nextCursor }, {}, head)
    }),
  )

  router.on(
    'POST',
    BASE,
    apiRoute(deps, 'admin', async ({ req, res, principal, audit }, deps) => {
      const body = await readJsonObject(req)
      const spec = parseInput(apiJobSpecSchema, body, ['slug'])
      const note = { action: 'job.created', details: fieldsOf(body) }
      const job = await createJob(deps, { ...spec, slug: spec.slug! }, audit, note)
      sendJson(res, 201, await view(job, principal), { Location: `${BASE}/${job.id}` })
    }),
  )

  router.on(
    'GET',
    `${BASE}/:id`,
    apiRoute(deps, 'read', async ({ params, res, head, principal }, deps) => {
      sendJson(res, 200, await view(await findJob(deps.store, params.id!), principal), {}, head)
    }),
  )

  router.on(
    'PATCH',
    `${BASE}/:id`,
    apiRoute(deps, 'admin', async ({ req, res, params, principal, audit }, deps) => {
      const body = await readJsonObject(req)
      const spec = parseInput(apiJobSpecSchema, body)
      const note = { action: 'job.updated', details: fieldsOf(body) }
      sendJson(res, 200, await view(await updateJob(deps, params.id!, spec, audit, note), principal))
    }),
  )

  router.on(
    'DELETE',
    `${BASE}/:id`,
    apiRoute(deps, 'admin', async ({ req, res, params, principal, audit }, deps) => {
      req.resume()
      await deleteJob(deps, params.id!, principal, audit)
      res.writeHead(204).end()
    }),
  )

  for (const [action, paused, done] of [
    ['pause', true, 'job.paused'],
    ['resume', false, 'job.resumed'],
  ] as const) {
    router.on(
      'POST',
      `${BASE}/:id/${action}`,
      apiRoute(deps, 'operate', async ({ req, res, params, principal, audit }, deps) => {
        req.resume()
        const job = await updateJob(deps, params.id!, { paused }, audit, { action: done })
        sendJson(res, 200, await view(job, principal))
      }),
    )
  }
}
