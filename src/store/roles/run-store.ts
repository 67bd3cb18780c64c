// Runs, the ping events that make them, and the hourly counts of finished runs.
import type { RunRecord } from '../../domain/records.js'
import type { Page, PageRequest } from '../page.js'
import type { RunBucket } from '../run-buckets-queries.js'
import type { RunStat } from '../run-stats-queries.js'
import type { PingEventsTable, RunsTable } from '../schema.js'

export type NewRun = Omit<RunsTable, 'id' | 'created_at'>
export type RunPatch = Partial<Omit<RunsTable, 'id' | 'job_id' | 'project_id' | 'created_at'>>
export type NewPingEvent = Omit<PingEventsTable, 'id'>

export interface RunFilter {
  job?: number
  server?: number
  status?: string
  since?: number
}

export interface RunStore {
  insertRuns(runs: NewRun[], now: number): Promise<number[]>
  updateRun(id: number, patch: RunPatch): Promise<void>
  getRun(id: number, withLog: boolean): Promise<RunRecord | null>
  /** Several runs at once, without their logs (a list's last runs); unknown ids are absent. */
  getRuns(ids: number[]): Promise<RunRecord[]>
  openRuns(jobIds: number[]): Promise<RunRecord[]>
  /** The job's run with this rid (open or finished), newest first; for idempotent reports. */
  findRunByRid(jobId: number, rid: string): Promise<RunRecord | null>
  listRuns(filter: RunFilter, page: PageRequest): Promise<Page<RunRecord>>
  /**
   * The job's finished runs since `since` counted per status and span of `bucketMs` (by the time
   * they sort by: finished, else started), oldest first: a calendar of a job that runs often.
   */
  countRunBuckets(jobId: number, since: number, bucketMs: number): Promise<RunBucket[]>

  /** In a transaction, written at its end (nothing in it reads ping events back). */
  insertPingEvents(events: NewPingEvent[]): Promise<void>
  countPingEvents(jobId?: number): Promise<number>

  /** Counts finished runs per project, hour (epoch ms of the hour's start) and status. */
  addRunStats(counts: RunStat[]): Promise<void>
  /** Finished runs per status since `hour` (inclusive), of the store's project or of all. */
  runStatsSince(hour: number): Promise<Record<string, number>>
}
