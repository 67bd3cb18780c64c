// Use case: create a server (name required; heartbeats not expected unless heartbeat_timeout is set).
import type { ServerSpec } from '../config/server-spec.js'
import { type AuditNote, target } from '../domain/audit.js'
import type { ServerRecord } from '../domain/records.js'
import { settleProtection } from '../evaluate/settle-server.js'
import type { AuditRecorder } from '../store/roles/audit-store.js'
import type { ApiDeps } from './api-deps.js'
import { conflict } from './api-errors.js'

export async function createServer(
  deps: ApiDeps,
  spec: ServerSpec & { name: string },
  audit: AuditRecorder,
  note: AuditNote,
): Promise<ServerRecord> {
  const now = deps.clock.now()
  return deps.store.transaction(async (tx) => {
    if (await tx.getServer({ name: spec.name }))
      throw conflict(`a server named "${spec.name}" already exists`)
    const server = await tx.createServer(
      {
        name: spec.name,
        environment: spec.environment ?? null,
        tags: spec.tags ?? [],
        heartbeatTimeout: spec.heartbeatTimeout ?? null,
      },
      now,
    )
    await audit(tx, { ...note, target: target('server', server.id, server.name) })
    await settleProtection(tx, server.id, now)
    return server
  })
}
