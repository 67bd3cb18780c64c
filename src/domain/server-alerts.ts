// When a server counts as offline, and the alert that says so.
import { formatDuration } from './duration.js'
import type { AlertIntent } from './job-alerts.js'
import { iso } from './job-alerts.js'
import type { ServerRecord } from './records.js'

/**
 * The heartbeat timeout of a server Backwatch creates on its own (its first heartbeat, or a run
 * report naming it, as `backwatch run --server` sends): nothing is expected until its first
 * heartbeat, then the next one within this.
 */
export const DEFAULT_HEARTBEAT_TIMEOUT_MS = 3_600_000

/** The instant a server goes offline without another heartbeat; null when none is expected. */
export function offlineAt(server: Pick<ServerRecord, 'heartbeatTimeout' | 'lastHeartbeatAt'>): number | null {
  if (server.heartbeatTimeout === null || server.lastHeartbeatAt === null) return null
  return server.lastHeartbeatAt + server.heartbeatTimeout
}

export function offlineAlert(server: ServerRecord, now: number): AlertIntent & { op: 'open' } {
  const last = server.lastHeartbeatAt ?? now
  const timeout = server.heartbeatTimeout ?? 0
  return {
    op: 'open',
    type: 'server.offline',
    severity: 'critical',
    summary: `Server ${server.name} is offline: no heartbeat for ${formatDuration(Math.max(0, now - last))} (timeout ${formatDuration(timeout)}); last heartbeat ${iso(last)}`,
    details: { last_heartbeat_at: iso(last), heartbeat_timeout_seconds: timeout / 1000 },
  }
}
