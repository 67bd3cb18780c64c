// POST /api/v1/runs?format=… : the body is the tool's own output, everything else is in the
// query (job, server, environment, rid, kind, exit_code, utc_offset, create, job_prefix).
import type { IncomingMessage } from 'node:http'
import { SERVER_NAME_RE, SLUG_RE } from '../config/field-schemas.js'
import type { RequestLimits } from '../config/limits-spec.js'
import { RUN_KINDS } from '../domain/types.js'
import { HttpError } from '../http/http-error.js'
import { readWholeBody } from '../http/read-body.js'
import { UUID_RE } from '../ingest/healthchecks-path.js'
import { parseOffLoop } from '../ingest/reports/parse-thread.js'
import { JsonTooDeep, ReportParseError } from '../ingest/reports/report-parse-error.js'
import { emptyRunReport, type RunReport } from '../ingest/run-report.js'
import { TOOL_FORMATS } from '../ingest/tool-report.js'
import { invalidJson } from './api-errors.js'
import { limitError } from './limit-errors.js'
import { badParam, enumParam, param } from './query-params.js'

/** restic's status lines make long outputs; anything larger is refused with 413. */
export const MAX_TOOL_OUTPUT_BYTES = 16_000_000

function matching(url: URL, name: string, re: RegExp, hint: string): string | null {
  const value = param(url, name)
  if (value === undefined) return null
  if (!re.test(value)) throw badParam(name, hint)
  return value
}

/** `+01:00`, `-0530`, `Z` or minutes east of UTC → minutes. */
export function parseUtcOffset(text: string): number | null {
  if (text === 'Z' || text === 'UTC') return 0
  if (/^[+-]?\d{1,4}$/.test(text) && !/^[+-]\d{4}$/.test(text)) {
    const minutes = Number(text)
    return Math.abs(minutes) <= 18 * 60 ? minutes : null
  }
  const m = /^([+-])(\d{2}):?(\d{2})$/.exec(text)
  if (!m) return null
  const minutes = Number(m[2]) * 60 + Number(m[3])
  if (Number(m[3]) > 59 || minutes > 18 * 60) return null
  return m[1] === '-' ? -minutes : minutes
}

function base(url: URL, createParam: boolean): Omit<RunReport, 'job'> {
  const { job: _job, ...b } = emptyRunReport('')
  const exit = param(url, 'exit_code')
  if (exit !== undefined && !/^\d{1,3}$/.test(exit))
    throw badParam('exit_code', 'must be an integer from 0 to 255')
  if (exit !== undefined && Number(exit) > 255)
    throw badParam('exit_code', 'must be an integer from 0 to 255')
  return {
    ...b,
    create: createParam,
    server: matching(url, 'server', SERVER_NAME_RE, 'must contain only letters, digits, ".", "-" and "_"'),
    environment: param(url, 'environment') ?? null,
    rid: matching(url, 'rid', UUID_RE, 'must be a UUID')?.toLowerCase() ?? null,
    kind: enumParam(url, 'kind', RUN_KINDS) ?? 'backup',
    exitCode: exit === undefined ? null : Number(exit),
  }
}

export async function readToolReport(
  req: IncomingMessage,
  url: URL,
  createParam: boolean,
  limits: RequestLimits,
): Promise<RunReport[]> {
  const format = enumParam(url, 'format', TOOL_FORMATS)!
  const job = matching(url, 'job', SLUG_RE, 'must contain only lowercase letters, digits, "-" and "_"')
  if (job === null && format !== 'resticprofile') throw badParam('job', 'required with format=' + format)
  const offsetText = param(url, 'utc_offset')
  const utcOffsetMinutes = offsetText === undefined ? null : parseUtcOffset(offsetText)
  if (offsetText !== undefined && utcOffsetMinutes === null) {
    throw badParam('utc_offset', 'must be like +01:00, -0530, Z or minutes east of UTC')
  }
  const jobPrefix = matching(
    url,
    'job_prefix',
    SLUG_RE,
    'must contain only lowercase letters, digits, "-" and "_"',
  )
  const b = base(url, createParam)
  const body = await readWholeBody(req, MAX_TOOL_OUTPUT_BYTES)
  if (body.length === 0)
    throw new HttpError(400, 'invalid_request', `the request body is empty; send the ${format} output`)
  try {
    const { value: reports, body: output } = await parseOffLoop(
      {
        kind: 'tool',
        request: {
          format,
          job,
          jobPrefix,
          base: { ...b, source: format, log: null, ...(format === 'resticprofile' && { exitCode: null }) },
          utcOffsetMinutes,
          limits: { profiles: limits.profilesPerFile, entries: limits.runsPerRequest },
        },
      },
      body,
    )
    // The output is the run's log, except a status file's, which is the result of many runs.
    return format === 'resticprofile' ? reports : reports.map((r) => ({ ...r, log: output }))
  } catch (err) {
    if (err instanceof ReportParseError) throw new HttpError(400, 'unparsable_report', err.message)
    if (err instanceof JsonTooDeep) throw invalidJson(`request body is ${err.message}`)
    throw limitError(err) ?? err
  }
}
