// The one storage interface. Every method is a single query or a short group of them;
// decisions live in domain/, the store only persists and retrieves facts.

import type { ChannelState, DeliveryRecord, DeliveryStatus, NewDelivery } from '../domain/delivery-records.js'
import type { MetricsAlertCount, MetricsJobRow } from '../domain/metrics-rows.js'
import type {
  AlertRecord,
  JobRecord,
  RunRecord,
  ServerRecord,
  StoredPolicy,
  TokenRecord,
} from '../domain/records.js'
import type { NewSilence, SilenceRecord, SilenceSource, SilenceState } from '../domain/silence.js'
import type { AlertType, Severity } from '../domain/types.js'
import type { ChangeListener, ChangeTopic } from './change-feed.js'
import type { NewStoredChannel, StoredChannel } from './channels-queries.js'
import type { DialectKind } from './migrations.js'
import type { JobsTable, PingEventsTable, RunsTable, ServersTable } from './schema.js'
import type { SilencePatch } from './silences-queries.js'
import type { SessionStore, UserStore } from './user-store.js'

export type { StoredPolicy }

export interface Page<T> {
  items: T[]
  nextCursor: string | null
}

export interface PageRequest {
  limit: number
  cursor: string | null
}

export type JobRef = { id: number } | { slug: string } | { uuid: string }
export type ServerRef = { id: number } | { name: string }

/** Columns the store and the rules maintain as runs arrive (never set when creating a job). */
type JobFactColumns =
  | 'last_status'
  | 'last_failure_kind'
  | 'lock_streak'
  | 'last_check_at'
  | 'size_samples'
  | 'zero_added_streak'
  | 'retention_facts'
  | 'runs_succeeded'
  | 'runs_warning'
  | 'runs_failed'

export type NewJob = Omit<
  JobsTable,
  | JobFactColumns
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
  | 'created_at'
  | 'updated_at'
> &
  Partial<Pick<JobsTable, 'status' | 'next_due_at' | 'policy'>>

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

export type NewRun = Omit<RunsTable, 'id' | 'created_at'>
export type RunPatch = Partial<Omit<RunsTable, 'id' | 'job_id' | 'created_at'>>
export type NewPingEvent = Omit<PingEventsTable, 'id'>

export interface NewServer {
  name: string
  environment: string | null
  tags: string[]
  heartbeatTimeout: number | null
}

export type ServerStatePatch = Partial<
  Pick<ServersTable, 'last_heartbeat_at' | 'offline_at' | 'offline_since'>
>

export interface NewAlert {
  type: AlertType
  severity: Severity
  jobId: number | null
  serverId: number | null
  summary: string
  details: Record<string, unknown>
}

export interface JobFilter {
  server?: number
  status?: string
  environment?: string
}

export interface RunFilter {
  job?: number
  server?: number
  status?: string
  since?: number
}

export interface AlertFilter {
  status?: 'active' | 'resolved'
  severity?: string
  type?: string
  job?: number
  server?: number
}

export type AlertTransition = 'opened' | 'resolved' | 'escalated'

/** Called inside the transaction that opens, resolves or escalates an alert (the outbox). */
export type AlertSink = (
  tx: Store,
  alert: AlertRecord,
  transition: AlertTransition,
  now: number,
) => Promise<void>

export interface Store extends UserStore, SessionStore {
  readonly kind: DialectKind
  /** Runs fn in one transaction with a store bound to it; nested calls reuse it. */
  transaction<T>(fn: (tx: Store) => Promise<T>): Promise<T>
  /** Registers the one sink told about every alert transition, in the transaction making it. */
  setAlertSink(sink: AlertSink): void
  isHealthy(): Promise<boolean>
  close(): Promise<void>
  /**
   * Announces a committed change: in a transaction, heard after it commits (never when it rolls
   * back); on PostgreSQL by every instance sharing the database, else by this process.
   */
  publish(topic: ChangeTopic): Promise<void>
  /** Records this process as a running instance named `id` (its delivery claims' owner). */
  registerInstance(id: string, now: number): Promise<void>
  deregisterInstance(id: string): Promise<void>
  /** Hears the topics published by this process and, on PostgreSQL, by the other instances. */
  subscribe(listener: ChangeListener): () => void

  getSetting(key: string): Promise<string | null>
  /** Stores value unless the key already has one; returns the value in force. */
  initSetting(key: string, value: string): Promise<string>
  setSetting(key: string, value: string): Promise<void>

  /** Replaces the tokens of one source (config, bootstrap) with the given set. */
  syncTokens(
    source: string,
    tokens: { name: string; scope: string; hash: string }[],
    now: number,
  ): Promise<void>
  findTokenByHash(hash: string): Promise<TokenRecord | null>

  createServer(server: NewServer, now: number): Promise<ServerRecord>
  updateServer(id: number, patch: Partial<NewServer>, now: number): Promise<ServerRecord>
  deleteServer(id: number): Promise<boolean>
  getServer(ref: ServerRef): Promise<ServerRecord | null>
  listServers(page: PageRequest): Promise<Page<ServerRecord>>
  /** Writes a server's heartbeat facts (last heartbeat, offline deadline, offline state). */
  updateServerState(id: number, patch: ServerStatePatch, now: number): Promise<void>
  /** Servers whose offline_at has passed and that are not yet marked offline (claimed like dueJobs). */
  dueServers(now: number, limit: number): Promise<ServerRecord[]>
  /** Locks the server for the rest of the transaction (PostgreSQL) and returns it read afresh. */
  lockServer(id: number): Promise<ServerRecord | null>

  createJob(job: NewJob, now: number): Promise<JobRecord>
  updateJobSettings(id: number, patch: JobSettingsPatch, now: number): Promise<JobRecord>
  /** Writes only if a setting differs from the stored one; the job as written, or null when unchanged. */
  updateChangedJobSettings(id: number, patch: JobSettingsPatch, now: number): Promise<JobRecord | null>
  updateJobState(id: number, patch: JobStatePatch, now: number): Promise<void>
  deleteJob(id: number): Promise<boolean>
  getJob(ref: JobRef): Promise<JobRecord | null>
  getJobsByUuids(uuids: string[]): Promise<JobRecord[]>
  getJobsBySlugs(slugs: string[]): Promise<JobRecord[]>
  listJobs(filter: JobFilter, page: PageRequest): Promise<Page<JobRecord>>
  countJobs(): Promise<number>
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
  lockJobsByKey(keys: { uuids?: string[]; slugs?: string[] }): Promise<JobRecord[]>
  /** Earliest deadline of any job or online server. */
  earliestDueAt(): Promise<number | null>

  insertRuns(runs: NewRun[], now: number): Promise<number[]>
  updateRun(id: number, patch: RunPatch): Promise<void>
  getRun(id: number, withLog: boolean): Promise<RunRecord | null>
  openRuns(jobIds: number[]): Promise<RunRecord[]>
  /** The job's run with this rid (open or finished), newest first; for idempotent reports. */
  findRunByRid(jobId: number, rid: string): Promise<RunRecord | null>
  listRuns(filter: RunFilter, page: PageRequest): Promise<Page<RunRecord>>

  insertPingEvents(events: NewPingEvent[]): Promise<void>
  countPingEvents(jobId?: number): Promise<number>

  /** Opens an alert unless one of that type is active for the subject; returns it when opened. */
  openAlert(alert: NewAlert, now: number): Promise<AlertRecord | null>
  resolveAlerts(
    subject: { jobId?: number; serverId?: number },
    types: AlertType[],
    now: number,
  ): Promise<number>
  activeAlertTypes(subject: { jobId?: number; serverId?: number }): Promise<AlertType[]>
  /** The subject's active alerts with their severities. */
  activeAlertsOf(subject: {
    jobId?: number
    serverId?: number
  }): Promise<{ type: AlertType; severity: Severity }[]>
  /** The active alerts of several jobs at once: job id → [type, severity] pairs (jobs with none absent). */
  activeAlertsOfJobs(jobIds: number[]): Promise<Map<number, [AlertType, Severity][]>>
  /** How many jobs a server has, and how many of them are not paused. */
  serverJobCounts(serverId: number): Promise<{ total: number; active: number }>
  getAlert(id: number): Promise<AlertRecord | null>
  /** Changes the severity and summary of an active alert (a warning that became critical). */
  updateActiveAlert(
    subject: { jobId?: number; serverId?: number },
    type: AlertType,
    patch: { severity: Severity; summary: string; details: Record<string, unknown> },
    now: number,
  ): Promise<void>

  listPolicies(): Promise<StoredPolicy[]>
  getPolicy(environment: string): Promise<StoredPolicy | null>
  putPolicy(p: Omit<StoredPolicy, 'updatedAt'>, now: number): Promise<StoredPolicy>
  deletePolicy(environment: string): Promise<boolean>

  // notification channels (SPEC §7; queries in notify/channel-store-queries.ts), by name
  listChannels(): Promise<StoredChannel[]>
  getChannel(name: string): Promise<StoredChannel | null>
  /** Inserts the channel unless its name is taken; null when it is. */
  createChannel(c: NewStoredChannel, now: number): Promise<StoredChannel | null>
  /** Creates or replaces the channel. */
  putChannel(c: NewStoredChannel, now: number): Promise<StoredChannel>
  deleteChannel(name: string): Promise<boolean>
  /** The file's channels stored with source config; config ones no longer listed deleted; API ones kept. */
  syncConfigChannels(
    channels: Omit<NewStoredChannel, 'source'>[],
    now: number,
  ): Promise<{ upserted: string[]; deleted: string[] }>

  /** Counts finished runs per hour (epoch ms of the hour's start) and status. */
  addRunStats(counts: { hour: number; status: string; n: number }[]): Promise<void>
  /** Finished runs per status since `hour` (inclusive). */
  runStatsSince(hour: number): Promise<Record<string, number>>
  listAlerts(filter: AlertFilter, page: PageRequest): Promise<Page<AlertRecord>>

  // fleet report (aggregates only: never loads all jobs, never scans runs)
  /** Jobs per stored status; statuses no job has are absent. */
  jobStatusCounts(): Promise<Record<string, number>>
  /** Server totals at `now`; online/offline exactly as domain/server-status.ts decides. */
  serverHealthCounts(now: number): Promise<ServerHealthCounts>
  /** Active alerts per severity; severities with none are absent. */
  activeAlertCounts(): Promise<Record<string, number>>
  /** Active alerts, most severe first (critical, warning, info), then oldest first; at most `limit`. */
  activeProblems(limit: number): Promise<AlertRecord[]>

  // metrics (GET /metrics)
  /** Jobs with id > afterId by id, at most `limit`, joined with their server and last run: one query. */
  metricsJobsPage(afterId: number, limit: number): Promise<MetricsJobRow[]>
  /** Active alerts counted per severity and type; combinations with none are absent. */
  metricsAlertCounts(): Promise<MetricsAlertCount[]>

  // notification outbox (issue 5)
  /** Inserts deliveries, ignoring any whose idempotency key exists; returns how many were new. */
  enqueueDeliveries(rows: NewDelivery[], now: number): Promise<number>
  /**
   * Claims up to `limit` due deliveries (pending and due, or sending with an expired lease) for
   * `owner` until now + leaseMs, with a compare-and-set: two claimers never get the same row.
   */
  claimDeliveries(now: number, owner: string, leaseMs: number, limit: number): Promise<DeliveryRecord[]>
  /** The claimed delivery was sent (attempts + 1); false when `owner` no longer holds the claim. */
  markDelivered(id: number, owner: string, now: number, detail: string): Promise<boolean>
  /** The attempt failed but may succeed later: pending again at nextAt (attempts + 1). */
  rescheduleDelivery(id: number, owner: string, nextAt: number, error: string, now: number): Promise<boolean>
  /** The claimed delivery is not to be sent after all (status suppressed, with the reason). */
  skipDelivery(id: number, owner: string, reason: string, now: number): Promise<boolean>
  /** The delivery failed for good (attempts + 1). */
  failDelivery(id: number, owner: string, error: string, now: number): Promise<boolean>
  /** Gives back a claimed delivery that was not attempted (rate limit, stop): pending at nextAt. */
  releaseDelivery(id: number, owner: string, nextAt: number): Promise<boolean>
  /** Gives back several claimed rows at once (those `owner` still holds); returns how many. */
  releaseDeliveries(ids: number[], owner: string, nextAt: number): Promise<number>
  /** Records a channel's last success, or its last error (and marks it failing). */
  recordChannelResult(channel: string, ok: boolean, error: string | null, now: number): Promise<void>
  channelStates(): Promise<ChannelState[]>
  /** Deliveries not yet finished (pending or sending) per channel; channels with none are absent. */
  pendingCounts(): Promise<Record<string, number>>
  /** The notification history of an alert, oldest first. */
  deliveriesForAlert(alertId: number): Promise<DeliveryRecord[]>
  /** When the next delivery becomes claimable (a pending attempt or an expiring lease). */
  earliestDeliveryAt(): Promise<number | null>

  // silences (issue 5; queries in notify/silence-queries.ts)
  createSilence(s: NewSilence, now: number): Promise<SilenceRecord>
  /** A changed window or matchers make its end handled again (released_at cleared). */
  updateSilence(
    id: number,
    patch: SilencePatch,
    now: number,
    source?: SilenceSource,
  ): Promise<SilenceRecord | null>
  getSilence(ref: { id: number } | { name: string }): Promise<SilenceRecord | null>
  deleteSilence(id: number): Promise<boolean>
  /** Newest first; `state` is judged at `now`. */
  listSilences(filter: { state?: SilenceState; now: number }, page: PageRequest): Promise<Page<SilenceRecord>>
  /** The silences in force at `now`. */
  activeSilences(now: number): Promise<SilenceRecord[]>
  configSilences(): Promise<SilenceRecord[]>
  /** The earliest end not yet handled (may be in the past), or null. */
  nextSilenceEnd(): Promise<number | null>
  /** Marks the silences ended by `now` as handled (compare-and-set); returns how many. */
  markSilencesReleased(now: number): Promise<number>
  /** Openings recorded but not sent (silenced) whose alert is still active. */
  suppressedOpenings(): Promise<DeliveryRecord[]>
  /** A suppressed delivery becomes due now with `payload`; false when it was not suppressed. */
  releaseSuppressed(id: number, payload: string, now: number): Promise<boolean>
  /** The status of the alert's opening on `channel`, null when none was recorded. */
  openingStatus(alertId: number, channel: string): Promise<DeliveryStatus | null>
}

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
