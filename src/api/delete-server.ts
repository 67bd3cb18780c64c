// Use case: delete a server. Its jobs and runs stay, detached (server becomes null); its alerts
// go with it (foreign keys: set null / cascade).
import { target } from '../domain/audit.js'
import type { AuditRecorder } from '../store/roles/audit-store.js'
import type { ApiDeps } from './api-deps.js'
import { findServer } from './lookup.js'

export async function deleteServer(deps: ApiDeps, ref: string, audit: AuditRecorder): Promise<void> {
  await deps.store.transaction(async (tx) => {
    const server = await findServer(tx, ref)
    await tx.deleteServer(server.id)
    await audit(tx, { action: 'server.deleted', target: target('server', server.id, server.name) })
  })
}
