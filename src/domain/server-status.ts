// A server's status, derived at read time: `unknown` when heartbeats are not expected or none
// arrived yet, `offline` once the timeout has passed. The API, /metrics and the fleet report (its
// SQL counts, store/report-queries.ts) decide it the same way.
import type { ServerRecord } from './records.js'

export type ServerStatus = 'online' | 'offline' | 'unknown'

export function serverStatus(
  server: Pick<ServerRecord, 'offlineSince' | 'heartbeatTimeout' | 'lastHeartbeatAt'>,
  now: number,
): ServerStatus {
  if (server.offlineSince !== null) return 'offline'
  if (server.heartbeatTimeout === null || server.lastHeartbeatAt === null) return 'unknown'
  return now > server.lastHeartbeatAt + server.heartbeatTimeout ? 'offline' : 'online'
}
