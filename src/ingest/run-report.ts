// The one shape a natively reported run (POST /api/v1/runs, a tool's output, the wrapper) is
// translated into before it reaches the store. Nothing here decides health.
import {
  type FailureKind,
  NO_RUN_NUMBERS,
  type RunKind,
  type RunNumbers,
  type RunSource,
  type RunStatus,
  type Tool,
} from '../domain/types.js'

export interface RunReport extends RunNumbers {
  job: string
  /** create the job (and its server) when missing */
  create: boolean
  server: string | null
  /** environment of a job or server created by this report */
  environment: string | null
  rid: string | null
  kind: RunKind
  /** null: classify from the exit code (and the tool's rules) */
  status: RunStatus | null
  failureKind: FailureKind | null
  tool: Tool | null
  source: RunSource
  startedAt: number | null
  finishedAt: number | null
  durationMs: number | null
  exitCode: number | null
  error: string | null
  log: Buffer | null
  details: Record<string, unknown> | null
}

export function emptyRunReport(job: string): RunReport {
  return {
    job,
    create: false,
    server: null,
    environment: null,
    rid: null,
    kind: 'backup',
    status: null,
    failureKind: null,
    tool: null,
    source: 'api',
    startedAt: null,
    finishedAt: null,
    durationMs: null,
    exitCode: null,
    ...NO_RUN_NUMBERS,
    error: null,
    log: null,
    details: null,
  }
}
