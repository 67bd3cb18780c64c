// Row → record conversions (JSON text, 0/1 flags, schedule columns).
import type { JobSpec } from '../domain/job-spec.js'
import {
  effectivePolicy,
  type PolicyOverride,
  type RetentionFacts,
  type SizeSample,
} from '../domain/policy.js'
import type { AlertRecord, JobRecord, RunRecord, ServerRecord, StoredPolicy } from '../domain/records.js'
import type {
  AlertType,
  FailureKind,
  JobStatus,
  RunKind,
  RunSource,
  RunStatus,
  Schedule,
  Severity,
  Tool,
} from '../domain/types.js'
import type { AlertsTable, JobsTable, PoliciesTable, RunsTable, ServersTable } from './schema.js'

type Row<T> = { [K in keyof T]: T[K] extends import('kysely').Generated<infer U> ? U : T[K] }

export type JobRow = Row<JobsTable> & {
  server_name: string | null
  server_offline_since: number | null
  /** policies.settings of the job's environment and of `default` */
  env_policy?: string | null
  default_policy?: string | null
}

function policyOverrideOf(settings: string | null | undefined): PolicyOverride | null {
  if (settings == null) return null
  return json<{ policy?: PolicyOverride }>(settings, {}).policy ?? null
}
export type ServerRow = Row<ServersTable> & { jobs_count: number | string | null }
export type RunRow = Omit<Row<RunsTable>, 'log'> & {
  job_slug: string
  server_name: string | null
  log?: Uint8Array | null
}
export type AlertRow = Row<AlertsTable> & { job_slug: string | null; server_name: string | null }

function json<T>(text: string | null, fallback: T): T {
  if (text === null) return fallback
  try {
    return JSON.parse(text) as T
  } catch {
    return fallback
  }
}

export function scheduleOf(
  row: Pick<JobsTable, 'schedule_every' | 'schedule_cron' | 'schedule_tz'>,
): Schedule {
  if (row.schedule_cron !== null) return { cron: row.schedule_cron, tz: row.schedule_tz ?? 'UTC' }
  return { every: Number(row.schedule_every ?? 86_400_000) }
}

export function scheduleColumns(
  schedule: Schedule,
): Pick<JobsTable, 'schedule_every' | 'schedule_cron' | 'schedule_tz'> {
  return 'every' in schedule
    ? { schedule_every: schedule.every, schedule_cron: null, schedule_tz: null }
    : { schedule_every: null, schedule_cron: schedule.cron, schedule_tz: schedule.tz }
}

export function jobFromRow(r: JobRow): JobRecord {
  return {
    id: Number(r.id),
    projectId: Number(r.project_id),
    uuid: r.uuid,
    slug: r.slug,
    name: r.name,
    serverId: r.server_id === null ? null : Number(r.server_id),
    serverName: r.server_name,
    environment: r.environment,
    tags: json<string[]>(r.tags, []),
    tool: r.tool as Tool,
    schedule: scheduleOf(r),
    grace: Number(r.grace),
    maxDuration: r.max_duration === null ? null : Number(r.max_duration),
    warningExitCodes: json<number[]>(r.warning_exit_codes, []),
    retention: json(r.retention, null),
    paused: Boolean(r.paused),
    status: r.status as JobStatus,
    downReason: r.down_reason,
    runningSince: r.running_since,
    lastPingAt: r.last_ping_at,
    lastPingFailed: Boolean(r.last_ping_failed),
    lastSuccessAt: r.last_success_at,
    lastRunId: r.last_run_id,
    nextDueAt: r.next_due_at,
    policy: json(r.policy, null),
    effectivePolicy: effectivePolicy(
      policyOverrideOf(r.env_policy) ?? policyOverrideOf(r.default_policy),
      json<PolicyOverride | null>(r.policy, null),
    ),
    lastStatus: r.last_status as JobRecord['lastStatus'],
    lastFailureKind: r.last_failure_kind as FailureKind | null,
    lockStreak: Number(r.lock_streak),
    lastCheckAt: r.last_check_at,
    lastRestoreTestAt: r.last_restore_test_at,
    sizeSamples: json<SizeSample[]>(r.size_samples, []),
    zeroAddedStreak: Number(r.zero_added_streak),
    retentionFacts: json<RetentionFacts | null>(r.retention_facts, null),
    runCounts: {
      succeeded: Number(r.runs_succeeded),
      warning: Number(r.runs_warning),
      failed: Number(r.runs_failed),
    },
    serverOfflineSince: r.server_offline_since ?? null,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  }
}

export function serverFromRow(r: ServerRow): ServerRecord {
  return {
    id: Number(r.id),
    projectId: Number(r.project_id),
    name: r.name,
    environment: r.environment,
    tags: json<string[]>(r.tags, []),
    heartbeatTimeout: r.heartbeat_timeout,
    lastHeartbeatAt: r.last_heartbeat_at,
    offlineAt: r.offline_at,
    offlineSince: r.offline_since,
    jobsCount: Number(r.jobs_count ?? 0),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  }
}

export function runFromRow(r: RunRow): RunRecord {
  const record: RunRecord = {
    id: Number(r.id),
    projectId: Number(r.project_id),
    jobId: Number(r.job_id),
    jobSlug: r.job_slug,
    serverId: r.server_id === null ? null : Number(r.server_id),
    serverName: r.server_name,
    rid: r.rid,
    kind: r.kind as RunKind,
    status: r.status as RunStatus,
    failureKind: r.failure_kind as FailureKind | null,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    durationMs: r.duration_ms,
    exitCode: r.exit_code,
    sizeBytes: r.size_bytes,
    addedBytes: r.added_bytes,
    filesTotal: r.files_total,
    filesNew: r.files_new,
    filesChanged: r.files_changed,
    error: r.error,
    source: r.source as RunSource,
    details: r.details === null ? null : json<Record<string, unknown> | null>(r.details, null),
    logSize: Number(r.log_size),
  }
  if (r.log !== undefined) record.log = r.log
  return record
}

export function alertFromRow(r: AlertRow): AlertRecord {
  return {
    id: Number(r.id),
    projectId: Number(r.project_id),
    type: r.type as AlertType,
    severity: r.severity as Severity,
    status: r.status as 'active' | 'resolved',
    jobId: r.job_id === null ? null : Number(r.job_id),
    jobSlug: r.job_slug,
    serverId: r.server_id === null ? null : Number(r.server_id),
    serverName: r.server_name,
    summary: r.summary,
    details: json<Record<string, unknown>>(r.details, {}),
    openedAt: r.opened_at,
    resolvedAt: r.resolved_at,
  }
}

export function policyFromRow(r: PoliciesTable): StoredPolicy {
  const settings = json<{ policy?: PolicyOverride; jobDefaults?: JobSpec | null }>(r.settings, {})
  return {
    projectId: Number(r.project_id),
    environment: r.environment,
    policy: settings.policy ?? {},
    jobDefaults: settings.jobDefaults ?? null,
    source: r.source,
    updatedAt: Number(r.updated_at),
  }
}
