// What a backup tool's own output says about one run, before it is matched to a job.
// Every field is optional knowledge: null means "the output does not say".
import { NO_RUN_NUMBERS, type RunKind, type RunNumbers } from '../../domain/types.js'

export interface ReportedRun extends RunNumbers {
  kind: RunKind
  /** epoch ms */
  startedAt: number | null
  finishedAt: number | null
  durationMs: number | null
  /** null: the output alone does not tell (the exit code or the reporter decides) */
  status: 'succeeded' | 'warning' | 'failed' | null
  exitCode: number | null
  /** the tool's error text (first lines), or why the output could not be read */
  error: string | null
  /** tool-specific extras kept with the run (snapshot id, archive name, per-repository stats) */
  details: Record<string, unknown>
}

export function emptyReportedRun(kind: RunKind = 'backup'): ReportedRun {
  return {
    kind,
    startedAt: null,
    finishedAt: null,
    durationMs: null,
    status: null,
    exitCode: null,
    ...NO_RUN_NUMBERS,
    error: null,
    details: {},
  }
}
