// The audit log (issue 12 item 5): events are written in the transaction of the change they
// describe (when it has one), and read newest first, one project at a time.
import type { AuditChange, AuditEventRecord, NewAuditEvent } from '../../domain/audit.js'
import type { Page, PageRequest } from '../page.js'

export interface AuditFilter {
  /** an action (`job.created`), or a family (`job.*`) */
  action?: string
  /** the target's kind (`job`) */
  targetKind?: string
  /** the target's id or name (with targetKind) */
  targetRef?: string
  /** the actor's name (username, token name), or an actor kind (`config`, `system`) */
  actor?: string
  /** events at or after this instant */
  since?: number
}

export interface AuditStore {
  recordAudit(event: NewAuditEvent, now: number): Promise<void>
  /** Newest first (by time, then id). */
  listAudit(filter: AuditFilter, page: PageRequest): Promise<Page<AuditEventRecord>>
}

/**
 * Records a change in the audit log through `tx` (the change's own transaction, where it has
 * one), with the actor and address the recorder was made for (app/audit-trail.ts).
 */
export type AuditRecorder = (tx: AuditStore, change: AuditChange) => Promise<void>
