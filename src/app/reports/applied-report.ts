// What applying a run report takes and gives, and what its steps share.
import type { JobRecord, RunRecord } from '../../domain/records.js'
import type { RunReport } from '../../ingest/run-report.js'
import type { AlertStore } from '../../store/roles/alert-store.js'
import type { JobSettingsPatch, JobStore } from '../../store/roles/job-store.js'
import type { NewRun, RunStore } from '../../store/roles/run-store.js'
import type { ServerStore } from '../../store/roles/server-store.js'

/** What applying a run report writes: the job (and its server), the run, the job's alerts. */
export type ReportWrites = JobStore & ServerStore & RunStore & AlertStore

export interface RunReportContext {
  now: number
  /** longest log kept; a longer log keeps its last bytes (the end of an output matters most) */
  logLimit: number
  /** settings a job created for this environment starts with */
  jobDefaults: (environment: string | null) => JobSettingsPatch
}

export interface AppliedReport {
  run: RunRecord
  /** false when the report updated a run that already existed */
  runCreated: boolean
  jobCreated: boolean
  nextDueAt: number | null
}

/** One report once its job is known: what recording its start or its end works on. */
export interface ReportOnJob {
  tx: JobStore & RunStore & AlertStore
  report: RunReport
  job: JobRecord
  jobCreated: boolean
  /** the run's row as the report describes it */
  row: NewRun
  /** the run the report updates, if it exists */
  existing: RunRecord | null
  /** the job's open runs */
  open: RunRecord[]
  now: number
}
