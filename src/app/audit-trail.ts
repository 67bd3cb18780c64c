// The one way changes reach the audit log: a recorder bound to who acts (a request's principal
// and address, the config file, Backwatch itself), handed to whatever makes the change.
import type { Clock } from '../clock.js'
import { type AuditActor, configActor } from '../domain/audit.js'
import type { AuditRecorder } from '../store/roles/audit-store.js'

export function auditRecorder(actor: AuditActor, ip: string | null, clock: Clock): AuditRecorder {
  return (tx, change) =>
    tx.recordAudit(
      { action: change.action, target: change.target, details: change.details ?? {}, actor, ip },
      clock.now(),
    )
}

/** The config file (at `path`) as the actor of what applying it changes at `now`. */
export function configRecorder(path: string | null, now: number): AuditRecorder {
  return auditRecorder(configActor(path), null, { now: () => now })
}
