// POST /api/v1/jobs/{id}/snapshots?format=restic|borg|borgmatic (scope ingest): the job's
// current snapshot list as the tool prints it (`restic snapshots --json`, `borg list --json`,
// `borgmatic list --json`). Backwatch keeps only its retention facts (count, oldest, newest,
// distinct days/weeks/months), replacing the previous list's, and re-evaluates the job so
// job.retention_violation opens or resolves. borg's naive local times are read with
// `?utc_offset=` (like POST /api/v1/runs), else as UTC.
import { iso } from '../domain/job-alerts.js'
import { retentionFactsOf } from '../domain/rules/retention.js'
import { HttpError } from '../http/http-error.js'
import { readWholeBody } from '../http/read-body.js'
import { sendJson } from '../http/respond.js'
import type { Router } from '../http/router.js'
import { parseBorgList, parseBorgmaticList } from '../ingest/reports/borg-list.js'
import { ReportParseError } from '../ingest/reports/report-parse-error.js'
import { parseResticSnapshots } from '../ingest/reports/restic-snapshots.js'
import type { ApiDeps } from './api-deps.js'
import { apiRoute } from './api-route.js'
import { findJob } from './lookup.js'
import { badParam, enumParam, param } from './query-params.js'
import { assertJsonDepth } from './request-body.js'
import { MAX_TOOL_OUTPUT_BYTES, parseUtcOffset } from './tool-report-input.js'

export const SNAPSHOT_FORMATS = ['restic', 'borg', 'borgmatic'] as const
type SnapshotFormat = (typeof SNAPSHOT_FORMATS)[number]

const COMMANDS: Record<SnapshotFormat, string> = {
  restic: 'restic snapshots --json',
  borg: 'borg list --json',
  borgmatic: 'borgmatic list --json',
}

/** Snapshot instants (epoch ms) of a tool's output; throws ReportParseError. */
export function snapshotTimes(format: SnapshotFormat, output: string, utcOffsetMinutes: number): number[] {
  switch (format) {
    case 'restic':
      return parseResticSnapshots(output)
    case 'borg':
      return parseBorgList(output, utcOffsetMinutes)
    case 'borgmatic':
      return parseBorgmaticList(output, utcOffsetMinutes)
  }
}

export function registerSnapshotRoutes(router: Router, deps: ApiDeps): void {
  router.on(
    'POST',
    '/api/v1/jobs/:id/snapshots',
    apiRoute(deps, 'ingest', async ({ req, res, url, params }) => {
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
      const output = body.toString('utf8').replace(/^\uFEFF/, '')
      if (output.trim() === '') {
        throw new HttpError(
          400,
          'invalid_request',
          `the request body is empty; send the ${COMMANDS[format]} output`,
        )
      }
      assertJsonDepth(output)
      let times: number[]
      try {
        times = snapshotTimes(format, output, utcOffsetMinutes)
      } catch (err) {
        if (err instanceof ReportParseError) throw new HttpError(400, 'unparsable_report', err.message)
        throw err
      }
      const now = deps.clock.now()
      const facts = retentionFactsOf(times, now)
      await deps.store.updateJobState(job.id, { retention_facts: JSON.stringify(facts) }, now)
      await deps.onJobFactsChanged(job.id)
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
