// The fleet report's aggregates: counts only, never loading all jobs nor scanning runs.
import type { AlertRecord } from '../../domain/records.js'

/**
 * For the fleet report. A job is up to date when it is paused, or is not down, has a last
 * success and has no active job.stale or job.failed alert; a server is up to date when it has at
 * least one job and all its jobs are.
 */
export interface ServerHealthCounts {
  total: number
  online: number
  offline: number
  withoutJobs: number
  upToDate: number
}

/** Jobs that passed a restore test (a successful run of kind restore_test), and the oldest such pass. */
export interface RestoreTestFacts {
  jobsVerified: number
  /** the least recent of the jobs' last restore tests: the one most in need of another */
  oldestVerifiedAt: number | null
}

export interface ReportStore {
  /** Jobs per stored status; statuses no job has are absent. */
  jobStatusCounts(): Promise<Record<string, number>>
  /** Server totals at `now`; online/offline exactly as domain/server-status.ts decides. */
  serverHealthCounts(now: number): Promise<ServerHealthCounts>
  /** Jobs verified restorable and the oldest verification (see RestoreTestFacts). */
  restoreTestFacts(): Promise<RestoreTestFacts>
  /** Active alerts per severity; severities with none are absent. */
  activeAlertCounts(): Promise<Record<string, number>>
  /** Active alerts, most severe first (critical, warning, info), then oldest first; at most `limit`. */
  activeProblems(limit: number): Promise<AlertRecord[]>
}
