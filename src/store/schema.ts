// Table shapes as Kysely sees them. Instants are epoch milliseconds, booleans 0/1 and
// lists/objects JSON text, so one set of queries serves SQLite and PostgreSQL alike.
import type { Generated } from 'kysely'

export interface JobsTable {
  /** the project it belongs to (migration 0011) */
  project_id: number
  id: Generated<number>
  uuid: string
  slug: string
  name: string
  server_id: number | null
  environment: string | null
  tags: string
  tool: string
  schedule_every: number | null
  schedule_cron: string | null
  schedule_tz: string | null
  grace: number
  max_duration: number | null
  warning_exit_codes: string
  retention: string | null
  paused: number
  status: string
  down_reason: string | null
  running_since: number | null
  last_ping_at: number | null
  last_ping_failed: number
  last_success_at: number | null
  last_run_id: number | null
  next_due_at: number | null
  /** JSON PolicyOverride of this job, or null */
  policy: string | null
  /** status and failure kind of the newest finished backup run */
  last_status: string | null
  last_failure_kind: string | null
  /** consecutive newest backup runs that failed with failure_kind locked */
  lock_streak: Generated<number>
  /** when the last successful run of kind check finished */
  last_check_at: number | null
  /** when the last successful run of kind restore_test finished */
  last_restore_test_at: number | null
  /** JSON SizeSample[] of the previous successful backups, oldest first (the size baseline) */
  size_samples: Generated<string>
  /** consecutive successful backups that added 0 bytes */
  zero_added_streak: Generated<number>
  /** JSON RetentionFacts from the last reported snapshot list, or null */
  retention_facts: string | null
  runs_succeeded: Generated<number>
  runs_warning: Generated<number>
  runs_failed: Generated<number>
  /** config (declared in the config file) | api (every other job) (migration 0013) */
  source: string
  created_at: number
  updated_at: number
}

export interface PoliciesTable {
  /** the project it belongs to (migration 0011) */
  project_id: number
  environment: string
  /** JSON PolicyOverride */
  settings: string
  source: string
  updated_at: number
}

/** Finished runs per hour and status: success rates without scanning the runs. */
export interface RunStatsTable {
  /** the project it belongs to (migration 0011) */
  project_id: number
  hour: number
  status: string
  n: number
}

export interface ServersTable {
  /** the project it belongs to (migration 0011) */
  project_id: number
  id: Generated<number>
  name: string
  environment: string | null
  tags: string
  heartbeat_timeout: number | null
  last_heartbeat_at: number | null
  /** last_heartbeat_at + heartbeat_timeout: when the server goes offline without a heartbeat */
  offline_at: number | null
  /** set while the server is offline (its server.offline alert is open) */
  offline_since: number | null
  created_at: number
  updated_at: number
}

export interface RunsTable {
  /** the project it belongs to (migration 0011) */
  project_id: number
  id: Generated<number>
  job_id: number
  server_id: number | null
  rid: string | null
  kind: string
  status: string
  failure_kind: string | null
  started_at: number | null
  finished_at: number | null
  /** finished_at, or started_at while running: the order runs are listed in */
  sort_at: number
  duration_ms: number | null
  exit_code: number | null
  size_bytes: number | null
  added_bytes: number | null
  files_total: number | null
  files_new: number | null
  files_changed: number | null
  error: string | null
  source: string
  log: Uint8Array | null
  log_size: number
  /** JSON object of tool-specific facts (snapshot id, per-repository stats), or null */
  details: string | null
  created_at: number
}

export interface PingEventsTable {
  id: Generated<number>
  job_id: number
  run_id: number | null
  kind: string
  exit_status: number | null
  rid: string | null
  source: string
  method: string
  remote_addr: string | null
  user_agent: string | null
  body_size: number
  /** kept only for log pings that belong to no run; other bodies live in the run's log */
  body: Uint8Array | null
  received_at: number
}

export interface AlertsTable {
  /** the project it belongs to (migration 0011) */
  project_id: number
  id: Generated<number>
  type: string
  severity: string
  status: string
  job_id: number | null
  server_id: number | null
  /** "job:<id>", "server:<id>" or "deleted-job:<project>:<slug>": at most one active alert per (type, subject) */
  subject: string
  summary: string
  details: string
  opened_at: number
  resolved_at: number | null
}

export interface TokensTable {
  /** the project it belongs to (migration 0011) */
  project_id: number
  id: Generated<number>
  name: string
  scope: string
  hash: string
  source: string
  created_at: number
  last_used_at: number | null
  /** the secret's first characters; null for config and bootstrap tokens (migration 0012) */
  prefix: string | null
  /** who made it through the API or CLI (migration 0012) */
  created_by: string | null
}

export interface SettingsTable {
  key: string
  value: string
}

/** Projects (issue 12): each has its own jobs, servers, channels, … and its own ping key. */
export interface ProjectsTable {
  id: Generated<number>
  slug: string
  name: string
  ping_key: string
  /** default (project 1) | config | api */
  source: string
  created_at: number
  updated_at: number
}

export interface Database {
  projects: ProjectsTable
  jobs: JobsTable
  servers: ServersTable
  runs: RunsTable
  ping_events: PingEventsTable
  alerts: AlertsTable
  tokens: TokensTable
  settings: SettingsTable
  policies: PoliciesTable
  run_stats: RunStatsTable
}

/** The notification outbox (issue 5): one row per (alert, transition, channel). */
export interface DeliveriesTable {
  /** the project it belongs to (migration 0011) */
  project_id: number
  id: Generated<number>
  alert_id: number | null
  /** the channel's configured name */
  channel: string
  transition: string
  idempotency_key: string
  /** JSON Notification snapshot */
  payload: string
  /** pending | sending | sent | failed | suppressed */
  status: string
  attempts: number
  next_attempt_at: number
  /** while sending: the claim's lease ends here (an expired lease may be claimed again) */
  claimed_until: number | null
  claimed_by: string | null
  last_error: string | null
  /** the receiver's answer to the successful attempt */
  detail: string | null
  created_at: number
  sent_at: number | null
}

/** The last outcome per channel, for the API and the failing flag. */
export interface ChannelStatesTable {
  /** the project it belongs to (migration 0011) */
  project_id: number
  channel: string
  last_success_at: number | null
  last_error: string | null
  last_error_at: number | null
  failing: number
}

/** Silences (issue 5). */
export interface SilencesTable {
  /** the project it belongs to (migration 0011) */
  project_id: number
  id: Generated<number>
  /** set for silences declared in the config file (their identity there); optional through the API */
  name: string | null
  /** JSON SilenceMatchers */
  matchers: string
  starts_at: number
  ends_at: number
  author: string | null
  comment: string | null
  /** config | api */
  source: string
  created_at: number
  updated_at: number
  /** the end was handled: alerts still active were sent */
  released_at: number | null
}

/** Channels (SPEC §7), from the file or the API. */
export interface ChannelsTable {
  /** the project it belongs to (migration 0011) */
  project_id: number
  name: string
  kind: string
  /** JSON: the channel's flat map as written (`*_env` references unresolved) */
  spec: string
  /** config | api */
  source: string
  created_at: number
  updated_at: number
}

/**
 * Running instances on PostgreSQL: each holds the session advisory lock (INSTANCE_LOCK_SPACE,
 * lock_key) while alive, so a crashed one is known dead the moment its connection drops.
 */
export interface InstancesTable {
  /** the dispatcher's claim owner */
  id: string
  lock_key: number
  started_at: number
}

// Merged into Database above (declaration merging keeps this section self-contained).
export interface Database {
  deliveries: DeliveriesTable
  channel_states: ChannelStatesTable
  silences: SilencesTable
  channels: ChannelsTable
  instances: InstancesTable
}

/** People who sign in (issue 12); secrets are stored only as hashes, the TOTP secret as is. */
export interface UsersTable {
  id: Generated<number>
  username: string
  password_hash: string
  totp_secret: string | null
  totp_last_step: number | null
  /** JSON string[]: SHA-256 of each unused recovery code */
  recovery_codes: string
  instance_admin: number
  created_at: number
  updated_at: number
  failed_logins: number
  locked_until: number | null
}

/** A user's role in a project (project_id without a foreign key: projects come in 0009). */
export interface MembershipsTable {
  user_id: number
  project_id: number
  role: string
}

/** Browser sessions, revocable: the cookie carries a random id, the row its hash. */
export interface SessionsTable {
  id_hash: string
  user_id: number
  csrf_token: string
  created_at: number
  last_seen_at: number
  expires_at: number
  ip: string | null
  user_agent: string | null
}

// Merged into Database above.
export interface Database {
  users: UsersTable
  memberships: MembershipsTable
  sessions: SessionsTable
}

/** The audit log (migration 0013): one row per change in a project. */
export interface AuditEventsTable {
  project_id: number
  id: Generated<number>
  at: number
  /** user | token | config | system */
  actor_kind: string
  actor_id: number | null
  actor_name: string | null
  /** e.g. job.created, silence.updated */
  action: string
  target_kind: string
  target_id: string | null
  target_name: string | null
  /** JSON object */
  details: string
  ip: string | null
}

// Merged into Database above.
export interface Database {
  audit_events: AuditEventsTable
}
