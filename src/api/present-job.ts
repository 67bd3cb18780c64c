// Job → API representation (SPEC §3): configured durations as strings ("1h"), instants ISO 8601.
import { policyOverrideToWire, policyToWire } from '../config/policy-spec.js'
import { formatDuration } from '../domain/duration.js'
import { iso } from '../domain/job-alerts.js'
import type { JobRecord, RunRecord } from '../domain/records.js'
import type { Schedule } from '../domain/types.js'
import type { Store } from '../store/store.js'
import { presentRun } from './present-run.js'

const isoOrNull = (ms: number | null) => (ms === null ? null : iso(ms))

export function presentSchedule(schedule: Schedule): { every: string } | { cron: string; tz: string } {
  return 'every' in schedule
    ? { every: formatDuration(schedule.every) }
    : { cron: schedule.cron, tz: schedule.tz }
}

export function presentJob(job: JobRecord, lastRun: RunRecord | null, baseUrl: string) {
  return {
    id: job.id,
    uuid: job.uuid,
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
    next_due_at: isoOrNull(job.nextDueAt),
    ping_url: `${baseUrl}/ping/${job.uuid}`,
    created_at: iso(job.createdAt),
  }
}

export type JobView = ReturnType<typeof presentJob>

/** Fetches the job's last run and presents it. */
export async function loadJobView(store: Store, job: JobRecord, baseUrl: string): Promise<JobView> {
  const lastRun = job.lastRunId === null ? null : await store.getRun(job.lastRunId, false)
  return presentJob(job, lastRun, baseUrl)
}
