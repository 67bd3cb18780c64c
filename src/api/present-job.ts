// Job → API representation (SPEC §3): configured durations as strings ("1h"), instants ISO 8601.
// Ping secrets are not for readers (a read token, a viewer): they get the job's `unique_key` but no `uuid`
// or `ping_url` (whoever knows those can send pings, fake successes included).
import { createHash } from 'node:crypto'
import { policyOverrideToWire, policyToWire } from '../config/policy-spec.js'
import { formatDuration } from '../domain/duration.js'
import { iso } from '../domain/job-alerts.js'
import type { JobRecord, RunRecord } from '../domain/records.js'
import type { Schedule } from '../domain/types.js'
import type { RunStore } from '../store/roles/run-store.js'
import { presentRun } from './present-run.js'

const isoOrNull = (ms: number | null) => (ms === null ? null : iso(ms))

export function presentSchedule(schedule: Schedule): { every: string } | { cron: string; tz: string } {
  return 'every' in schedule
    ? { every: formatDuration(schedule.every) }
    : { cron: schedule.cron, tz: schedule.tz }
}

/**
 * A stable, non-secret key for a job (as Healthchecks' `unique_key` for read-only keys): the
 * first 40 hex digits of SHA-256 of its uuid. The uuid is 122 random bits, so it cannot be
 * recovered from the key, nor the key guessed without the uuid.
 */
export function uniqueKey(uuid: string): string {
  return createHash('sha256').update(uuid).digest('hex').slice(0, 40)
}

export function presentJob(job: JobRecord, lastRun: RunRecord | null, baseUrl: string, secrets: boolean) {
  return {
    id: job.id,
    ...(secrets && { uuid: job.uuid }),
    unique_key: uniqueKey(job.uuid),
    slug: job.slug,
    name: job.name,
    server: job.serverName,
    environment: job.environment,
    tags: job.tags,
    tool: job.tool,
    schedule: presentSchedule(job.schedule),
    grace: formatDuration(job.grace),
    max_duration: job.maxDuration === null ? null : formatDuration(job.maxDuration),
    warning_exit_codes: job.warningExitCodes,
    // stored as written (keep_within already as "2d"), so it reads back as it was sent
    retention: job.retention,
    // the job's own override as written, and what applies after merging it over its environment's
    policy: job.policy === null ? null : policyOverrideToWire(job.policy),
    // joined by the store with every job read: no lookup of its own
    effective_policy: policyToWire(job.effectivePolicy),
    paused: job.paused,
    status: job.status,
    running: job.runningSince !== null,
    last_run: lastRun === null ? null : presentRun(lastRun),
    last_success_at: isoOrNull(job.lastSuccessAt),
    // the last successful consistency check and restore test (runs of kind check, restore_test)
    last_check_at: isoOrNull(job.lastCheckAt),
    last_restore_test_at: isoOrNull(job.lastRestoreTestAt),
    next_due_at: isoOrNull(job.nextDueAt),
    ...(secrets && { ping_url: `${baseUrl}/ping/${job.uuid}` }),
    created_at: iso(job.createdAt),
  }
}

export type JobView = ReturnType<typeof presentJob>

/** Fetches the job's last run and presents it, with its ping secrets when `secrets`. */
export async function loadJobView(
  store: RunStore,
  job: JobRecord,
  baseUrl: string,
  secrets: boolean,
): Promise<JobView> {
  const lastRun = job.lastRunId === null ? null : await store.getRun(job.lastRunId, false)
  return presentJob(job, lastRun, baseUrl, secrets)
}
