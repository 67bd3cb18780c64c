// Alerts: opened, escalated and resolved per subject (a job or a server); each transition is
// told to the alert sink in the transaction that makes it (CoreStore.setAlertSink).
import type { AlertRecord } from '../../domain/records.js'
import type { AlertType, Severity } from '../../domain/types.js'
import type { Page, PageRequest } from '../page.js'

export interface NewAlert {
  /** the project of the job or server it is about */
  projectId: number
  type: AlertType
  severity: Severity
  jobId: number | null
  serverId: number | null
  summary: string
  details: Record<string, unknown>
  /** the subject when it is neither the job nor the server (a deleted job's: deletedJobSubject) */
  subject?: string
}

export interface AlertFilter {
  status?: 'active' | 'resolved'
  severity?: string
  type?: string
  job?: number
  server?: number
}

export type AlertTransition = 'opened' | 'resolved' | 'escalated'

/** A job, a server, or an explicit subject key (a deleted job's). */
export type AlertSubject = { jobId?: number; serverId?: number; key?: string }

export interface AlertStore {
  /** Opens an alert unless one of that type is active for the subject; returns it when opened. */
  openAlert(alert: NewAlert, now: number): Promise<AlertRecord | null>
  resolveAlerts(subject: AlertSubject, types: AlertType[], now: number): Promise<number>
  activeAlertTypes(subject: AlertSubject): Promise<AlertType[]>
  /** The subject's active alerts with their severities. */
  activeAlertsOf(subject: AlertSubject): Promise<{ type: AlertType; severity: Severity }[]>
  /** The active alerts of several jobs at once: job id → [type, severity] pairs (jobs with none absent). */
  activeAlertsOfJobs(jobIds: number[]): Promise<Map<number, [AlertType, Severity][]>>
  getAlert(id: number): Promise<AlertRecord | null>
  /** Changes the severity and summary of an active alert (a warning that became critical). */
  updateActiveAlert(
    subject: AlertSubject,
    type: AlertType,
    patch: { severity: Severity; summary: string; details: Record<string, unknown> },
    now: number,
  ): Promise<void>
  listAlerts(filter: AlertFilter, page: PageRequest): Promise<Page<AlertRecord>>
  /** Resolves one active alert (by hand); false when there is none of that id active. */
  resolveAlert(id: number, now: number): Promise<boolean>
}
