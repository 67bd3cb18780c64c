// What the store hands the /metrics renderer: one flat row per job, already joined.

export interface MetricsJobRow {
  id: number
  slug: string
  /** the job's server's name, or null */
  serverName: string | null
  environment: string | null
  tool: string
  /** stored status: new | up | grace | down | paused */
  status: string
  lastSuccessAt: number | null
  /** of the run jobs.last_run_id points at (the newest finished backup run) */
  lastRunFinishedAt: number | null
  lastRunDurationMs: number | null
  lastRunSizeBytes: number | null
  lastRunAddedBytes: number | null
  runsSucceeded: number
  runsWarning: number
  runsFailed: number
}

export interface MetricsAlertCount {
  severity: string
  type: string
  n: number
}
