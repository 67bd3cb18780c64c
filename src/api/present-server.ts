// Server → API representation (SPEC §3), its status derived at read time (domain/server-status.ts).
import { formatDuration } from '../domain/duration.js'
import { iso } from '../domain/job-alerts.js'
import type { ServerRecord } from '../domain/records.js'
import { serverStatus } from '../domain/server-status.js'

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
