// After a server's heartbeat facts change (a heartbeat, a new timeout, time passing): store its
// offline deadline and open or resolve its server.offline alert.

import type { ServerRecord } from '../domain/records.js'
import { offlineAlert, offlineAt } from '../domain/server-alerts.js'
import type { Store } from '../store/store.js'

/** Returns the server's offline deadline while it is online (for the evaluator's timer), else null. */
export async function settleServer(tx: Store, server: ServerRecord, now: number): Promise<number | null> {
  const deadline = offlineAt(server)
  const offline = deadline !== null && now >= deadline
  if (offline && server.offlineSince === null) {
    const intent = offlineAlert(server, now)
    await tx.openAlert(
      {
        type: intent.type,
        severity: intent.severity,
        jobId: null,
        serverId: server.id,
        summary: intent.summary,
        details: intent.details,
      },
      now,
    )
    await tx.updateServerState(server.id, { offline_at: deadline, offline_since: now }, now)
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
export async function recordHeartbeat(tx: Store, server: ServerRecord, now: number): Promise<number | null> {
  await tx.updateServerState(server.id, { last_heartbeat_at: now }, now)
  return settleServer(tx, { ...server, lastHeartbeatAt: now }, now)
}
