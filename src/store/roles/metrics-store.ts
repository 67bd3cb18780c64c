// What GET /metrics reads: jobs page by page in one query each, and alert counts.
import type { MetricsAlertCount, MetricsJobRow } from '../../domain/metrics-rows.js'

export interface MetricsStore {
  /** Jobs with id > afterId by id, at most `limit`, joined with their server and last run: one query. */
  metricsJobsPage(afterId: number, limit: number): Promise<MetricsJobRow[]>
  /** Active alerts counted per severity and type; combinations with none are absent. */
  metricsAlertCounts(): Promise<MetricsAlertCount[]>
}
