// The scheduled fleet report as a notification every channel kind can send: one summary line
// (the title), the totals in `details`, and the whole text report where channels show a log
// (email's monospace block, the webhook's JSON).
import { iso } from '../domain/job-alerts.js'
import type { Notification } from '../notify/notifier.js'
import type { FleetReport } from './build-report.js'
import { percent, renderText } from './render-text.js'

/** Problems carried in `details` (the text report lists them all, up to its own limit). */
const DETAIL_PROBLEMS = 50

function count(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`
}

/** `Fleet report: 40 jobs, 5 down, 2 stale; success 97.5% (7 d); 2 critical alerts; 1 server without jobs` */
export function reportSummary(r: FleetReport): string {
  const stale = r.problems.filter((p) => p.type === 'job.stale').length
  const jobs = [
    count(r.jobs_total, 'job'),
    ...(r.jobs_by_status.down > 0 ? [`${r.jobs_by_status.down} down`] : []),
    ...(stale > 0 ? [`${stale} stale`] : []),
  ].join(', ')
  const alerts = r.alerts_active.critical + r.alerts_active.warning
  return [
    `Fleet report: ${jobs}`,
    `success ${percent(r.success_rate_7d)} (7 d)`,
    alerts === 0
      ? 'no active problems'
      : `${r.alerts_active.critical} critical, ${count(r.alerts_active.warning, 'warning')} active`,
    ...(r.servers_without_jobs > 0 ? [`${count(r.servers_without_jobs, 'server')} without jobs`] : []),
  ].join('; ')
}

export function reportNotification(
  r: FleetReport,
  dueAt: number,
  key: string,
  baseUrl: string,
): Notification {
  const at = iso(dueAt)
  const { problems, ...totals } = r
  return {
    transition: 'report',
    idempotencyKey: key,
    at,
    alert: {
      id: 0,
      type: 'report',
      severity: r.alerts_active.critical > 0 ? 'critical' : r.alerts_active.warning > 0 ? 'warning' : 'info',
      status: 'active',
      job: null,
      server: null,
      environment: null,
      tags: [],
      summary: reportSummary(r),
      details: {
        ...totals,
        problems: problems.slice(0, DETAIL_PROBLEMS).map((p) => ({
          type: p.type,
          severity: p.severity,
          job: p.job,
          server: p.server,
          summary: p.summary,
          opened_at: p.opened_at,
        })),
        problems_listed: Math.min(problems.length, DETAIL_PROBLEMS),
      },
      opened_at: at,
      resolved_at: null,
      log_tail: renderText(r),
      url: `${baseUrl}/report`,
    },
  }
}
