// POST /api/v1/runs (scope ingest): a run reported as JSON (SPEC §4), or with ?format= as a
// backup tool's own output. 201 with the run when it is new, 200 when the report updated the
// run its rid names (a start's end, or the same report sent again).
import type { ServerResponse } from 'node:http'
import type { AppliedReport } from '../app/reports/applied-report.js'
import { UnknownJob } from '../app/reports/report-job.js'
import { parseInput } from '../app/validate-input.js'
import { HttpError } from '../http/http-error.js'
import { sendJson } from '../http/respond.js'
import type { Router } from '../http/router.js'
import type { RunReport } from '../ingest/run-report.js'
import type { ApiDeps } from './api-deps.js'
import { apiRoute, requestProject } from './api-route.js'
import { limitError } from './limit-errors.js'
import { presentRun } from './present-run.js'
import { param } from './query-params.js'
import { readJsonObject } from './request-body.js'
import { runReportSchema, toRunReport } from './run-report-input.js'
import { sendItems } from './send-items.js'
import { readToolReport } from './tool-report-input.js'

/** A JSON report carries a log of up to the ping body limit and more; leave room for escaping. */
const MAX_REPORT_JSON_BYTES = 4_000_000

export async function ingestReports(deps: ApiDeps, reports: RunReport[]): Promise<AppliedReport[]> {
  try {
    return await deps.runReports.submit(requestProject(deps), reports)
  } catch (err) {
    if (err instanceof UnknownJob) throw new HttpError(404, 'not_found', err.message)
    throw limitError(err) ?? err
  }
}

function answer(res: ServerResponse, applied: AppliedReport) {
  sendJson(res, applied.runCreated ? 201 : 200, presentRun(applied.run), {
    Location: `/api/v1/runs/${applied.run.id}`,
  })
}

export function registerReportRunRoute(router: Router, deps: ApiDeps): void {
  router.on(
    'POST',
    '/api/v1/runs',
    apiRoute(deps, 'ingest', async ({ req, res, url }, deps) => {
      const createParam = param(url, 'create') === '1'
      if (param(url, 'format') !== undefined) {
        const reports = await readToolReport(req, url, createParam, deps.limits)
        const applied = await ingestReports(deps, reports)
        if (applied.length === 1 && param(url, 'format') !== 'resticprofile') return answer(res, applied[0]!)
        const status = applied.some((a) => a.runCreated) ? 201 : 200
        return sendItems(res, status, applied, (a) => presentRun(a.run))
      }
      const input = parseInput(runReportSchema, await readJsonObject(req, MAX_REPORT_JSON_BYTES), ['job'])
      const [applied] = await ingestReports(deps, [toRunReport(input, createParam)])
      answer(res, applied!)
    }),
  )
}
