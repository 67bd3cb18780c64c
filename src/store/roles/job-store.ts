// Jobs: their settings, the state ingestion and the evaluator derive, and claiming the due ones.
import type { JobRecord } from '../../domain/records.js'
import type { Page, PageRequest } from '../page.js'
import type { JobsTable } from '../schema.js'

export type JobRef = { id: number } | { slug: string } | { uuid: string }

/** Columns the store and the rules maintain as runs arrive (never set when creating a job). */
type JobFactColumns =
  | 'last_status'
  | 'last_failure_kind'
  | 'lock_streak'
  | 'last_check_at'
  | 'last_restore_test_at'
  | 'size_samples'
  | 'zero_added_streak'
  | 'retention_facts'
  | 'runs_succeeded'
  | 'runs_warning'
  | 'runs_failed'

export type NewJob = Omit<
  JobsTable,
  | JobFactColumns
  | 'project_id'
  | 'policy'
  | 'id'
  | 'status'
  | 'down_reason'
  | 'running_since'
  | 'last_ping_at'
  | 'last_ping_failed'
  | 'last_success_at'
  | 'last_run_id'
  | 'next_due_at'
  | 'source'
  | 'created_at'
  | 'updated_at'
> &
  Partial<Pick<JobsTable, 'status' | 'next_due_at' | 'policy' | 'source'>>

export type JobSettingsPatch = Partial<
  Pick<
    JobsTable,
    | 'slug'
    | 'name'
    | 'server_id'
    | 'environment'
    | 'tags'
    | 'tool'
    | 'schedule_every'
    | 'schedule_cron'
    | 'schedule_tz'
    | 'grace'
    | 'max_duration'
    | 'warning_exit_codes'
    | 'retention'
    | 'paused'
    | 'policy'
    | 'source'
  >
>

/** Derived and observed state of a job, written by ingestion and the evaluator. */
export type JobStatePatch = Partial<
  Pick<
    JobsTable,
    | 'status'
    | 'down_reason'
    | 'running_since'
    | 'last_ping_at'
    | 'last_ping_failed'
    | 'last_success_at'
    | 'last_run_id'
    | 'next_due_at'
    | 'last_status'
    | 'last_failure_kind'
    | 'last_check_at'
    | 'last_restore_test_at'
    | 'retention_facts'
  >
> & {
  lock_streak?: number
  size_samples?: string
  zero_added_streak?: number
  /** absolute counter values (back-fills, tests); runs as they finish use run_counts_add */
  runs_succeeded?: number
  runs_warning?: number
  runs_failed?: number
  /** finished runs to add to the job's counters (written as increments) */
  run_counts_add?: { succeeded?: number; warning?: number; failed?: number }
}

/** A slug in a project; a bare slug means the store's own project (a store bound to one). */
export type SlugKey = string | { projectId: number; slug: string }

export interface JobFilter {
  server?: number
  status?: string
  environment?: string
  /** jobs carrying this tag */
  tag?: string
  /** a case-insensitive part of the slug, the name or the server's name */
  search?: string
  /** only these jobs (at most chunks.ts MAX_IN) */
  ids?: number[]
  /** worst first (down, grace, up, new, paused), then by id; else by id */
  worstFirst?: boolean
}

/** The values the jobs' filters can take: environments and tags in use. */
export interface JobFacets {
  environments: string[]
  tags: string[]
}

export interface JobStore {
  createJob(job: NewJob, now: number): Promise<JobRecord>
  updateJobSettings(id: number, patch: JobSettingsPatch, now: number): Promise<JobRecord>
  /** Writes only if a setting differs from the stored one; the job as written, or null when unchanged. */
  updateChangedJobSettings(id: number, patch: JobSettingsPatch, now: number): Promise<JobRecord | null>
  updateJobState(id: number, patch: JobStatePatch, now: number): Promise<void>
  /**
   * updateJobState for several jobs, in as few statements as their sets of columns allow. In a
   * transaction, written at its end: nothing in it may read these jobs' state back.
   */
  updateJobStates(updates: { id: number; patch: JobStatePatch }[], now: number): Promise<void>
  deleteJob(id: number): Promise<boolean>
  getJob(ref: JobRef): Promise<JobRecord | null>
  getJobsByUuids(uuids: string[]): Promise<JobRecord[]>
  getJobsBySlugs(slugs: string[]): Promise<JobRecord[]>
  listJobs(filter: JobFilter, page: PageRequest): Promise<Page<JobRecord>>
  countJobs(): Promise<number>
  /** The project's jobs the config file declares (source `config`). */
  configJobs(): Promise<JobRecord[]>
  /** Environments and tags of the jobs, sorted, at most `limit` of each. */
  jobFacets(limit: number): Promise<JobFacets>
  /**
   * Jobs whose next_due_at has passed, earliest first. In a PostgreSQL transaction they are
   * claimed (locked until it ends; jobs other transactions hold are skipped).
   */
  dueJobs(now: number, limit: number): Promise<JobRecord[]>
  /**
   * Locks the jobs for the rest of the transaction (PostgreSQL; SQLite serialises writers) in
   * ascending id order and returns them read afresh. Lock before deciding from a job's facts.
   */
  lockJobs(ids: number[]): Promise<JobRecord[]>
  /** lockJobs for the jobs with one of these uuids or slugs, found and locked in one statement. */
  lockJobsByKey(keys: { uuids?: string[]; slugs?: SlugKey[] }): Promise<JobRecord[]>
  /** Earliest deadline of any job or online server. */
  earliestDueAt(): Promise<number | null>
}
