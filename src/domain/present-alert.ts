// Alert → API representation (SPEC §3).
import { iso } from './job-alerts.js'
import type { AlertRecord } from './records.js'

export function presentAlert(alert: AlertRecord) {
  return {
    id: alert.id,
    type: alert.type,
    severity: alert.severity,
    status: alert.status,
    job: alert.jobSlug,
    server: alert.serverName,
    summary: alert.summary,
    details: alert.details,
    opened_at: iso(alert.openedAt),
    resolved_at: alert.resolvedAt === null ? null : iso(alert.resolvedAt),
  }
}
