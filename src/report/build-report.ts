// The fleet report (SPEC §6) from a handful of aggregate store queries: it never loads every job
// and never reads runs (success rates come from the hourly run counts).
//
// Definitions:
// - a job is up to date when it is paused, or when it is not down, has a last success and has
//   no active job.stale or job.failed alert; a server is up to date when it has at least one job
//   and all of them are up to date;
// - online/offline as GET /api/v1/servers says (a server whose status is unknown is neither);
// - success rate = (succeeded + warning) / (succeeded + warning + failed) over the runs finished
//   since the start of the hour 24 h (7 d) ago: a run with warnings made its snapshot, so it
//   counts as a success; canceled and timed-out runs are failures. null when no run finished.

import { iso } from '../domain/job-alerts.js'
import { presentAlert } from '../domain/present-alert.js'
import { JOB_STATUSES, type JobStatus, SEVERITIES, type Severity } from '../domain/types.js'
import { type SilencedBy, silencedAlerts } from '../notify/alert-silences.js'
import type { JobStore } from '../store/roles/job-store.js'
import type { ReportStore } from '../store/roles/report-store.js'
import type { RunStore } from '../store/roles/run-store.js'
import type { ServerStore } from '../store/roles/server-store.js'
import type { SilenceStore } from '../store/roles/silence-store.js'

/** Longest problem list; the report says when it was cut (problems_truncated). */
export const PROBLEMS_LIMIT = 1000

const HOUR = 3_600_000
const DAY = 24 * HOUR

/** An active alert as the API shows it, with the silence holding it back (or null). */
export type ProblemView = ReturnType<typeof presentAlert> & { silenced_by: SilencedBy | null }

export interface FleetReport {
  generated_at: string
  servers_total: number
  servers_online: number
  servers_offline: number
  servers_without_jobs: number
  servers_up_to_date: number
  jobs_total: number
  jobs_by_status: Record<JobStatus, number>
  success_rate_24h: number | null
  success_rate_7d: number | null
  alerts_active: Record<Severity, number>
  /** jobs whose last restore test passed, and when the least recent of those passed */
  restore_tests: { jobs_verified: number; oldest_verified_at: string | null }
  /** active alerts, most severe first, then oldest first; at most PROBLEMS_LIMIT */
  problems: ProblemView[]
  problems_truncated: boolean
}

/** The hour (epoch ms) the run counts of a window ending at `now` start from. */
export function windowStartHour(now: number, windowMs: number): number {
  return Math.floor((now - windowMs) / HOUR) * HOUR
}

/** Share of finished runs that made a backup, rounded to 4 decimals; null without finished runs. */
export function successRate(counts: Record<string, number>): number | null {
  const ok = (counts.succeeded ?? 0) + (counts.warning ?? 0)
  const finished = ok + (counts.failed ?? 0)
  return finished === 0 ? null : Math.round((ok / finished) * 10_000) / 10_000
}

function pick<K extends string>(keys: readonly K[], counts: Record<string, number>): Record<K, number> {
  return Object.fromEntries(keys.map((k) => [k, counts[k] ?? 0])) as Record<K, number>
}

export async function buildReport(
  store: ReportStore & RunStore & SilenceStore & JobStore & ServerStore,
  now: number,
  limit = PROBLEMS_LIMIT,
): Promise<FleetReport> {
  const [servers, jobs, alerts, problems, day, week, restores] = await Promise.all([
    store.serverHealthCounts(now),
    store.jobStatusCounts(),
    store.activeAlertCounts(),
    store.activeProblems(limit + 1),
    store.runStatsSince(windowStartHour(now, DAY)),
    store.runStatsSince(windowStartHour(now, 7 * DAY)),
    store.restoreTestFacts(),
  ])
  const listed = problems.slice(0, limit)
  const silenced = await silencedAlerts(store, listed, now)
  return {
    generated_at: iso(now),
    servers_total: servers.total,
    servers_online: servers.online,
    servers_offline: servers.offline,
    servers_without_jobs: servers.withoutJobs,
    servers_up_to_date: servers.upToDate,
    jobs_total: Object.values(jobs).reduce((a, b) => a + b, 0),
    jobs_by_status: pick(JOB_STATUSES, jobs),
    success_rate_24h: successRate(day),
    success_rate_7d: successRate(week),
    alerts_active: pick(SEVERITIES, alerts),
    restore_tests: {
      jobs_verified: restores.jobsVerified,
      oldest_verified_at: restores.oldestVerifiedAt === null ? null : iso(restores.oldestVerifiedAt),
    },
    problems: listed.map((a) => ({ ...presentAlert(a), silenced_by: silenced.get(a.id) ?? null })),
    problems_truncated: problems.length > limit,
  }
}
