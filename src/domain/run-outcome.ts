// How the end of a run becomes a status and failure kind. Every ingestion path (pings, the
// runs API, tool reports, the wrapper) decides through classifyOutcome, so a borg lock timeout
// is "locked" whether it arrived as a fail ping with borgmatic's log or as a wrapper report.
import type { FailureKind, RunStatus, Tool } from './types.js'

export interface RunOutcome {
  status: Exclude<RunStatus, 'running'>
  failureKind: FailureKind | null
}

export interface OutcomeEvidence {
  /** the process's exit status (0-255), or null when unknown */
  exitCode: number | null
  /** the run was ended by a signal (the wrapper saw it, or a tool reported an interrupt) */
  signaled?: boolean
  /** what the report itself says, when it says it (a fail ping, an API `status`) */
  claimed?: Exclude<RunStatus, 'running'> | null
  /** error text or log tail, searched for lock conflicts; only consulted for failures */
  errorText?: string | null
  tool?: Tool
  warningExitCodes?: readonly number[]
}

/** 128+SIGINT and 128+SIGTERM: the run was stopped, not broken. */
const CANCELED_EXIT_CODES = new Set([130, 143])

/** restic 0.14-0.18, borg 1.2 plain and --log-json, borg 1.4 (see FIELD-NOTES). */
const LOCK_PATTERNS = [
  /repository is already locked/i,
  /unable to create lock in backend/i,
  /Failed to create\/acquire the lock/i,
  /"msgid"\s*:\s*"LockTimeout"/,
  /\bLockTimeout\b/,
]

/** Exit codes that mean a lock conflict, per tool. */
const LOCK_EXIT_CODES: Partial<Record<Tool, number[]>> = { restic: [11], borg: [73] }

/** Exit codes a tool uses for "finished, with warnings". */
function isToolWarning(tool: Tool | undefined, code: number): boolean {
  if (tool === 'borg') return code === 1 || (code >= 100 && code <= 127)
  if (tool === 'restic' || tool === 'resticprofile') return code === 3
  return false
}

export function mentionsLock(text: string | null | undefined): boolean {
  if (!text) return false
  return LOCK_PATTERNS.some((re) => re.test(text))
}

export function classifyOutcome(e: OutcomeEvidence): RunOutcome {
  // An explicit "it worked" from the reporter wins: only failures are refined further.
  if (e.claimed === 'succeeded' || e.claimed === 'warning') return { status: e.claimed, failureKind: null }
  const code = e.exitCode
  const warningCodes = e.warningExitCodes ?? []
  if (code !== null && code !== 0 && warningCodes.includes(code))
    return { status: 'warning', failureKind: null }
  if (e.signaled || (code !== null && CANCELED_EXIT_CODES.has(code))) {
    return { status: 'failed', failureKind: 'canceled' }
  }
  if (code === 0 && e.claimed == null) return { status: 'succeeded', failureKind: null }
  if (code !== null && code !== 0 && isToolWarning(e.tool, code) && e.claimed == null) {
    return { status: 'warning', failureKind: null }
  }
  const lockCode = code !== null && e.tool !== undefined && (LOCK_EXIT_CODES[e.tool] ?? []).includes(code)
  if (lockCode || mentionsLock(e.errorText)) return { status: 'failed', failureKind: 'locked' }
  return { status: 'failed', failureKind: 'error' }
}
