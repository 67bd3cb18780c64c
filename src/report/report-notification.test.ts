import { describe, expect, it } from 'vitest'
import type { FleetReport, ProblemView } from './build-report.js'
import { reportNotification, reportSummary } from './report-notification.js'

const problem = (type: ProblemView['type'], severity: 'critical' | 'warning'): ProblemView => ({
  id: 1,
  type,
  severity,
  status: 'active',
  job: 'nightly',
  server: 'db1',
  summary: `${type} of db1/nightly`,
  details: {},
  opened_at: '2026-12-01T04:00:00Z',
  resolved_at: null,
  silenced_by: null,
})

const report = (over: Partial<FleetReport> = {}): FleetReport => ({
  generated_at: '2026-12-07T07:00:05Z',
  servers_total: 12,
  servers_online: 11,
  servers_offline: 1,
  servers_without_jobs: 1,
  servers_up_to_date: 9,
  jobs_total: 40,
  jobs_by_status: { new: 0, up: 35, grace: 0, down: 3, paused: 2 },
  success_rate_24h: 0.95,
  success_rate_7d: 0.9751,
  alerts_active: { critical: 2, warning: 1, info: 0 },
  restore_tests: { jobs_verified: 0, oldest_verified_at: null },
  problems: [
    problem('job.failed', 'critical'),
    problem('job.stale', 'critical'),
    problem('server.unprotected', 'warning'),
  ],
  problems_truncated: false,
  ...over,
})

describe('the scheduled report as a notification', () => {
  it('says the fleet in one line: jobs down and stale, success, active problems, coverage', () => {
    expect(reportSummary(report())).toBe(
      'Fleet report: 40 jobs, 3 down, 1 stale; success 97.5% (7 d); 2 critical, 1 warning active; 1 server without jobs',
    )
    expect(
      reportSummary(
        report({
          jobs_by_status: { new: 0, up: 40, grace: 0, down: 0, paused: 0 },
          alerts_active: { critical: 0, warning: 0, info: 0 },
          servers_without_jobs: 0,
          problems: [],
        }),
      ),
    ).toBe('Fleet report: 40 jobs; success 97.5% (7 d); no active problems')
  })

  it('carries the totals in details, the text report as its log, the worst severity, no alert', () => {
    const n = reportNotification(report(), Date.parse('2026-12-07T07:00:00Z'), 'k-1', 'https://bw.example')
    expect(n).toMatchObject({ transition: 'report', idempotencyKey: 'k-1', at: '2026-12-07T07:00:00Z' })
    expect(n.alert).toMatchObject({ id: 0, type: 'report', severity: 'critical', job: null, server: null })
    expect(n.alert.url).toBe('https://bw.example/report')
    expect(n.alert.details).toMatchObject({ jobs_total: 40, success_rate_7d: 0.9751, problems_listed: 3 })
    expect(n.alert.log_tail).toContain('Backwatch fleet report, 2026-12-07 07:00 UTC')
  })
})
