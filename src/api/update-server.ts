// Use case: change a server's settings (PATCH).
import type { ServerSpec } from '../config/server-spec.js'
import { type AuditNote, target } from '../domain/audit.js'
import type { ServerRecord } from '../domain/records.js'
import { settleServer } from '../evaluate/settle-server.js'
import type { AuditRecorder } from '../store/roles/audit-store.js'
import type { ApiDeps } from './api-deps.js'
import { conflict } from './api-errors.js'
import { findServer } from './lookup.js'

export async function updateServer(
  deps: ApiDeps,
  ref: string,
  spec: ServerSpec,
  audit: AuditRecorder,
  note: AuditNote,
): Promise<ServerRecord> {
  const now = deps.clock.now()
  return deps.store.transaction(async (tx) => {
    // locked: a heartbeat or the evaluator settling it meanwhile waits, and is not overwritten
    const current = (await tx.lockServer((await findServer(tx, ref)).id)) ?? (await findServer(tx, ref))
    if (spec.name !== undefined && spec.name !== current.name && (await tx.getServer({ name: spec.name }))) {
      throw conflict(`a server named "${spec.name}" already exists`)
    }
    await audit(tx, { ...note, target: target('server', current.id, spec.name ?? current.name) })
    if (Object.keys(spec).length === 0) return current
    const updated = await tx.updateServer(current.id, spec, now)
    if (spec.heartbeatTimeout === undefined) return updated
    // A new timeout moves the offline deadline (and may end or start an outage).
    const deadline = await settleServer(tx, updated, now)
    if (deadline !== null) deps.notifyDue(deadline)
    return (await tx.getServer({ id: current.id }))!
  })
}
