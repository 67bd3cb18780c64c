// /api/v1/runs and /api/v1/jobs/{id}/runs: newest first (by finished_at, or started_at while
// running). GET /runs/{id} adds the stored log.
import { RUN_STATUSES } from '../domain/types.js'
import { sendJson } from '../http/respond.js'
import type { Router } from '../http/router.js'
import type { PageRequest } from '../store/page.js'
import type { RunFilter } from '../store/roles/run-store.js'
import type { ApiDeps } from './api-deps.js'
import { notFound } from './api-errors.js'
import { apiRoute } from './api-route.js'
import { findJob, jobFilter, serverFilter } from './lookup.js'
import { presentRun, presentRunWithLog } from './present-run.js'
import { enumParam, instantParam, pageRequest } from './query-params.js'

async function runFilter(deps: ApiDeps, url: URL): Promise<RunFilter> {
  const filter: RunFilter = {}
  const server = await serverFilter(deps.store, url)
  if (server !== undefined) filter.server = server
  const status = enumParam(url, 'status', RUN_STATUSES)
  if (status !== undefined) filter.status = status
  const since = instantParam(url, 'since')
  if (since !== undefined) filter.since = since
  return filter
}

async function listRuns(deps: ApiDeps, filter: RunFilter, page: PageRequest) {
  const result = await deps.store.listRuns(filter, page)
  return { items: result.items.map(presentRun), next_cursor: result.nextCursor }
}

export function registerRunRoutes(router: Router, deps: ApiDeps): void {
  router.on(
    'GET',
    '/api/v1/runs',
    apiRoute(deps, 'read', async ({ url, res, head }, deps) => {
      const page = pageRequest(url)
      const filter = await runFilter(deps, url)
      const job = await jobFilter(deps.store, url)
      if (job !== undefined) filter.job = job
      sendJson(res, 200, await listRuns(deps, filter, page), {}, head)
    }),
  )

  router.on(
    'GET',
    '/api/v1/jobs/:id/runs',
    apiRoute(deps, 'read', async ({ url, res, params, head }, deps) => {
      const page = pageRequest(url)
      const job = await findJob(deps.store, params.id!)
      const filter = await runFilter(deps, url)
      sendJson(res, 200, await listRuns(deps, { ...filter, job: job.id }, page), {}, head)
    }),
  )

  router.on(
    'GET',
    '/api/v1/runs/:id',
    apiRoute(deps, 'read', async ({ res, params, head }, deps) => {
      const id = /^\d{1,15}$/.test(params.id!) ? Number(params.id) : null
      const run = id === null ? null : await deps.store.getRun(id, true)
      if (!run) throw notFound('run')
      sendJson(res, 200, presentRunWithLog(run), {}, head)
    }),
  )
}
