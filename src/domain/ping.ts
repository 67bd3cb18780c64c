// What one Healthchecks-style ping does to a job's open runs: a pure decision.
import { classifyOutcome, type RunOutcome } from './run-outcome.js'
import type { Tool } from './types.js'

export type PingAction = 'start' | 'success' | 'fail' | 'log' | 'exit'

export interface PingSignal {
  action: PingAction
  /** for action 'exit' */
  exitStatus: number | null
  rid: string | null
}

export interface OpenRunView {
  /** position in the caller's list of open runs */
  index: number
  rid: string | null
  startedAt: number | null
}

export type PingDecision =
  /** open a new run; `supersede` is an older rid-less open run to close as timed out */
  | { kind: 'start'; supersede: number | null }
  /** finish run `close` (an index) or, when null, record a run without a start */
  | { kind: 'end'; close: number | null; outcome: RunOutcome; exitCode: number | null }
  /** attach the body to an open run, or to no run */
  | { kind: 'log'; attachTo: number | null }

function latest(runs: OpenRunView[], match: (r: OpenRunView) => boolean): number | null {
  let best: OpenRunView | null = null
  for (const r of runs) {
    if (!match(r)) continue
    if (best === null || (r.startedAt ?? 0) >= (best.startedAt ?? 0)) best = r
  }
  return best?.index ?? null
}

/** The open run a ping refers to: same rid; without rid the latest rid-less start, else the latest start. */
export function matchOpenRun(runs: OpenRunView[], rid: string | null): number | null {
  if (rid !== null) return latest(runs, (r) => r.rid === rid)
  return latest(runs, (r) => r.rid === null) ?? latest(runs, () => true)
}

export interface PingJobView {
  tool: Tool
  warningExitCodes: readonly number[]
}

/** `errorText()` yields the ping body; it is read only for failures (lock detection). */
export function decidePing(
  signal: PingSignal,
  openRuns: OpenRunView[],
  job: PingJobView,
  errorText: () => string | null = () => null,
): PingDecision {
  switch (signal.action) {
    case 'start':
      return {
        kind: 'start',
        supersede: signal.rid === null ? latest(openRuns, (r) => r.rid === null) : null,
      }
    case 'log':
      return { kind: 'log', attachTo: matchOpenRun(openRuns, signal.rid) }
    case 'success':
      return {
        kind: 'end',
        close: matchOpenRun(openRuns, signal.rid),
        outcome: { status: 'succeeded', failureKind: null },
        exitCode: null,
      }
    case 'fail':
      return {
        kind: 'end',
        close: matchOpenRun(openRuns, signal.rid),
        outcome: classifyOutcome({
          exitCode: null,
          claimed: 'failed',
          errorText: errorText(),
          tool: job.tool,
        }),
        exitCode: null,
      }
    case 'exit': {
      const code = signal.exitStatus ?? 0
      return {
        kind: 'end',
        close: matchOpenRun(openRuns, signal.rid),
        outcome: classifyOutcome({
          exitCode: code,
          tool: job.tool,
          warningExitCodes: job.warningExitCodes,
          errorText: code === 0 ? null : errorText(),
        }),
        exitCode: code,
      }
    }
  }
}
