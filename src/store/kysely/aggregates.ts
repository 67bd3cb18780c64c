// ReportStore and MetricsStore on Kysely (queries in report-queries.ts, metrics-queries.ts).
import * as metrics from '../metrics-queries.js'
import * as report from '../report-queries.js'
import { inScope } from './store-context.js'

export const reportMethods = inScope({
  jobStatusCounts: report.jobStatusCounts,
  serverHealthCounts: report.serverHealthCounts,
  activeAlertCounts: report.activeAlertCounts,
  restoreTestFacts: report.restoreTestFacts,
  activeProblems: report.activeProblems,
})

export const metricsMethods = inScope({
  metricsJobsPage: metrics.metricsJobsPage,
  metricsAlertCounts: metrics.metricsAlertCounts,
})
