// POST /api/v1/jobs/{id}/snapshots?format=restic|borg|borgmatic (scope ingest): the job's
// current snapshot list as the tool prints it (`restic snapshots --json`, `borg list --json`,
// `borgmatic list --json`). Backwatch keeps only its retention facts (count, oldest, newest,
// distinct days/weeks/months), replacing the previous list's, and re-evaluates the job so
// job.retention_violation and job.snapshots_deleted open or resolve (app/snapshots/). borg's naive local times are read with
// `?utc_offset=` (like POST /api/v1/runs), else as UTC.
import { applySnapshotList } from '../app/snapshots/apply-snapshot-list.js'
import { iso } from '../domain/job-alerts.js'
import type { RetentionFacts } from '../domain/policy.js'
import { HttpError } from '../http/http-error.js'
import { readWholeBody } from '../http/read-body.js'
import { sendJson } from '../http/respond.js'
import type { Router } from '../http/router.js'
import { parseOffLoop } from '../ingest/reports/parse-thread.js'
import { EmptyOutput, JsonTooDeep, ReportParseError } from '../ingest/reports/report-parse-error.js'
import { SNAPSHOT_COMMANDS, SNAPSHOT_FORMATS, type SnapshotFormat } from '../ingest/reports/snapshot-list.js'
import type { ApiDeps } from './api-deps.js'
import { invalidJson } from './api-errors.js'
import { apiRoute } from './api-route.js'
import { limitError } from './limit-errors.js'
import { findJob } from './lookup.js'
import { badParam, enumParam, param } from './query-params.js'
import { MAX_TOOL_OUTPUT_BYTES, parseUtcOffset } from './tool-report-input.js'

export function registerSnapshotRoutes(router: Router, deps: ApiDeps): void {
  router.on(
    'POST',
    '/api/v1/jobs/:id/snapshots',
    apiRoute(deps, 'ingest', async ({ req, res, url, params }, deps) => {
      let format: SnapshotFormat
      let utcOffsetMinutes = 0
      let job: Awaited<ReturnType<typeof findJob>>
      try {
        const f = enumParam(url, 'format', SNAPSHOT_FORMATS)
        if (f === undefined) throw badParam('format', `required: one of ${SNAPSHOT_FORMATS.join(', ')}`)
        format = f
        // `?utc_offset=+0100` unencoded (`date +%z`) arrives as " 0100"
        const offsetText = param(url, 'utc_offset')?.replace(/^ (?=\d)/, '+')
        if (offsetText !== undefined) {
          const offset = parseUtcOffset(offsetText)
          if (offset === null)
            throw badParam('utc_offset', 'must be like +01:00, -0530, Z or minutes east of UTC')
          utcOffsetMinutes = offset
        }
        job = await findJob(deps.store, params.id!)
      } catch (err) {
        req.resume()
        throw err
      }
      const body = await readWholeBody(req, MAX_TOOL_OUTPUT_BYTES)
      const now = deps.clock.now()
      let facts: RetentionFacts
      try {
        const request = { format, utcOffsetMinutes, now, maxSnapshots: deps.limits.snapshotsPerList }
        facts = (await parseOffLoop({ kind: 'snapshots', request }, body)).value
      } catch (err) {
        if (err instanceof EmptyOutput) {
          const hint = `the request body is empty; send the ${SNAPSHOT_COMMANDS[format]} output`
          throw new HttpError(400, 'invalid_request', hint)
        }
        if (err instanceof ReportParseError) throw new HttpError(400, 'unparsable_report', err.message)
        if (err instanceof JsonTooDeep) throw invalidJson(`request body is ${err.message}`)
        throw limitError(err) ?? err
      }
      await applySnapshotList(deps.store, deps.clock, job.id, facts, deps.notifyDue)
      sendJson(res, 200, {
        job: job.slug,
        snapshots: facts.count,
        oldest_at: facts.oldestAt === null ? null : iso(facts.oldestAt),
        newest_at: facts.newestAt === null ? null : iso(facts.newestAt),
        days: facts.days,
        weeks: facts.weeks,
        months: facts.months,
      })
    }),
  )
}
