// Core domain vocabulary shared by every layer. Instants are epoch milliseconds (UTC).

export type Schedule = { every: number } | { cron: string; tz: string }

export const JOB_STATUSES = ['new', 'up', 'grace', 'down', 'paused'] as const
export type JobStatus = (typeof JOB_STATUSES)[number]

export const TOOLS = ['borgmatic', 'borg', 'restic', 'resticprofile', 'generic'] as const
export type Tool = (typeof TOOLS)[number]

export const RUN_KINDS = ['backup', 'check', 'prune', 'restore_test', 'other'] as const
export type RunKind = (typeof RUN_KINDS)[number]

export const RUN_STATUSES = ['running', 'succeeded', 'warning', 'failed'] as const
export type RunStatus = (typeof RUN_STATUSES)[number]

export const FAILURE_KINDS = ['error', 'locked', 'canceled', 'timeout'] as const
export type FailureKind = (typeof FAILURE_KINDS)[number]

export const RUN_SOURCES = [
  'healthchecks',
  'cronitor',
  'cronhub',
  'kuma',
  'api',
  'restic',
  'borg',
  'borgmatic',
  'resticprofile',
  'wrapper',
  'sqlbak',
] as const
export type RunSource = (typeof RUN_SOURCES)[number]

export const SEVERITIES = ['critical', 'warning', 'info'] as const
export type Severity = (typeof SEVERITIES)[number]

export const ALERT_TYPES = [
  'job.missed',
  'job.failed',
  'job.warning',
  'job.long_running',
  'job.stale',
  'job.size_anomaly',
  'job.retention_violation',
  'job.check_overdue',
  'job.restore_untested',
  'job.snapshots_deleted',
  'job.deleted',
  'server.offline',
  'server.unprotected',
] as const
export type AlertType = (typeof ALERT_TYPES)[number]

/** Facts about a job that decide its status; everything else is presentation. */
export interface JobFacts {
  schedule: Schedule
  /** milliseconds */
  grace: number
  /** milliseconds, or null: an open start then goes down after `grace` */
  maxDuration: number | null
  paused: boolean
  /** last success or fail ping / finished run (not starts, not log pings) */
  lastPingAt: number | null
  /** outcome of that last end: true when it failed */
  lastPingFailed: boolean
  /** earliest start of a run that is still open, or null */
  runningSince: number | null
}

export type Retention = Partial<
  Record<'keep_within' | 'keep_daily' | 'keep_weekly' | 'keep_monthly' | 'keep_yearly', string | number>
> &
  Partial<Record<'full_days' | 'incremental_days', number>>

/** What a run measured; null when the reporter does not say. Sizes in bytes. */
export interface RunNumbers {
  sizeBytes: number | null
  addedBytes: number | null
  filesTotal: number | null
  filesNew: number | null
  filesChanged: number | null
}

/** A run nothing reported numbers for. */
export const NO_RUN_NUMBERS: Readonly<RunNumbers> = {
  sizeBytes: null,
  addedBytes: null,
  filesTotal: null,
  filesNew: null,
  filesChanged: null,
}
