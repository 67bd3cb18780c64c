// After a server's heartbeat facts change (a heartbeat, a new timeout, time passing): store its
// offline deadline and open or resolve its server.offline alert.

import type { ServerRecord } from '../domain/records.js'
import { unprotectedAlert } from '../domain/rules/unprotected.js'
import { offlineAlert, offlineAt } from '../domain/server-alerts.js'
import type { AlertStore } from '../store/roles/alert-store.js'
import type { ServerStore } from '../store/roles/server-store.js'
import { ActiveAlerts } from './active-alerts.js'

/** Returns the server's offline deadline while it is online (for the evaluator's timer), else null. */
export async function settleServer(
  tx: AlertStore & ServerStore,
  server: ServerRecord,
  now: number,
): Promise<number | null> {
  const deadline = offlineAt(server)
  const offline = deadline !== null && now >= deadline
  if (offline && server.offlineSince === null) {
    const intent = offlineAlert(server, now)
    await tx.openAlert(
      {
        projectId: server.projectId,
        type: intent.type,
        severity: intent.severity,
        jobId: null,
        serverId: server.id,
        summary: intent.summary,
        details: intent.details,
      },
      now,
    )
    // Offline since the deadline passed, even when evaluated later (a restart, a long sleep).
    await tx.updateServerState(server.id, { offline_at: deadline, offline_since: deadline }, now)
    return null
  }
  if (!offline && server.offlineSince !== null) {
    await tx.resolveAlerts({ serverId: server.id }, ['server.offline'], now)
  }
  if (!offline && (server.offlineSince !== null || server.offlineAt !== deadline)) {
    await tx.updateServerState(server.id, { offline_at: deadline, offline_since: null }, now)
  }
  return offline ? null : deadline
}

/** A heartbeat from `server` at `now`. */
export async function recordHeartbeat(
  tx: AlertStore & ServerStore,
  server: ServerRecord,
  now: number,
): Promise<number | null> {
  await tx.updateServerState(server.id, { last_heartbeat_at: now }, now)
  return settleServer(tx, { ...server, lastHeartbeatAt: now }, now)
}

/** Opens or resolves server.unprotected after the server's jobs changed (added, moved, paused, deleted). */
export async function settleProtection(
  tx: AlertStore & ServerStore,
  serverId: number | null,
  now: number,
): Promise<void> {
  if (serverId === null) return
  const server = await tx.getServer({ id: serverId })
  if (!server) return
  const desired = unprotectedAlert(server, await tx.serverJobCounts(serverId))
  await new ActiveAlerts(tx, { serverId, projectId: server.projectId }).apply(
    'server.unprotected',
    desired,
    now,
  )
}
