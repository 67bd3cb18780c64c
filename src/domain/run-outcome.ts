// How an end signal (success, fail, exit status) becomes a run status.
import type { FailureKind, RunStatus } from './types.js'

export interface RunOutcome {
  status: Exclude<RunStatus, 'running'>
  failureKind: FailureKind | null
}

/** 128+SIGINT and 128+SIGTERM: the run was stopped, not broken. */
const CANCELED_EXIT_CODES = new Set([130, 143])

export function outcomeOfExitCode(exitCode: number, warningExitCodes: readonly number[]): RunOutcome {
  if (exitCode === 0) return { status: 'succeeded', failureKind: null }
  if (warningExitCodes.includes(exitCode)) return { status: 'warning', failureKind: null }
  if (CANCELED_EXIT_CODES.has(exitCode)) return { status: 'failed', failureKind: 'canceled' }
  return { status: 'failed', failureKind: 'error' }
}
