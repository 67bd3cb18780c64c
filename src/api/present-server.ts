// Server → API representation (SPEC §3). Status is derived at read time: `unknown` when
// heartbeats are not expected or none arrived yet, `offline` once the timeout has passed.
import { formatDuration } from '../domain/duration.js'
import { iso } from '../domain/job-alerts.js'
import type { ServerRecord } from '../domain/records.js'

export type ServerStatus = 'online' | 'offline' | 'unknown'

export function serverStatus(server: ServerRecord, now: number): ServerStatus {
  if (server.offlineSince !== null) return 'offline'
  if (server.heartbeatTimeout === null || server.lastHeartbeatAt === null) return 'unknown'
  return now > server.lastHeartbeatAt + server.heartbeatTimeout ? 'offline' : 'online'
}

export function presentServer(server: ServerRecord, now: number) {
  return {
    id: server.id,
    name: server.name,
    environment: server.environment,
    tags: server.tags,
    heartbeat_timeout: server.heartbeatTimeout === null ? null : formatDuration(server.heartbeatTimeout),
    last_heartbeat_at: server.lastHeartbeatAt === null ? null : iso(server.lastHeartbeatAt),
    status: serverStatus(server, now),
    jobs_count: server.jobsCount,
    created_at: iso(server.createdAt),
  }
}
