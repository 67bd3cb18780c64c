// Alert → API representation (SPEC §3).
import { iso } from './job-alerts.js'
import type { AlertRecord } from './records.js'

/** What a deleted job's alert (job.deleted) kept of it: its row is gone. */
export function deletedJobOf(
  alert: AlertRecord,
): { slug: string; environment: string | null; tags: string[] } | null {
  const d = alert.details
  if (alert.type !== 'job.deleted' || typeof d.slug !== 'string') return null
  return {
    slug: d.slug,
    environment: typeof d.environment === 'string' ? d.environment : null,
    tags: Array.isArray(d.tags) ? d.tags.filter((t): t is string => typeof t === 'string') : [],
  }
}

export function presentAlert(alert: AlertRecord) {
  return {
    id: alert.id,
    type: alert.type,
    severity: alert.severity,
    status: alert.status,
    job: alert.jobSlug ?? deletedJobOf(alert)?.slug ?? null,
    server: alert.serverName,
    summary: alert.summary,
    details: alert.details,
    opened_at: iso(alert.openedAt),
    resolved_at: alert.resolvedAt === null ? null : iso(alert.resolvedAt),
  }
}
