// A subject's active alerts, read at most once per settle, and the one place that turns what a
// rule wants (an alert with this content, or none) into open / update / resolve.
import type { AlertSpec, Desired } from '../domain/rules/rule.js'
import type { AlertType, Severity } from '../domain/types.js'
import type { AlertStore } from '../store/roles/alert-store.js'

/** A job or a server, with the project its alerts belong to. */
export type AlertSubject = ({ jobId: number } | { serverId: number }) & { projectId: number }

export class ActiveAlerts {
  private map: Map<AlertType, Severity> | null

  /** `known`: the subject's active alerts when the caller already has them. */
  constructor(
    private readonly tx: AlertStore,
    private readonly subject: AlertSubject,
    known?: Map<AlertType, Severity>,
  ) {
    this.map = known ?? null
  }

  async all(): Promise<Map<AlertType, Severity>> {
    this.map ??= new Map((await this.tx.activeAlertsOf(this.subject)).map((a) => [a.type, a.severity]))
    return this.map
  }

  async severityOf(type: AlertType): Promise<Severity | null> {
    return (await this.all()).get(type) ?? null
  }

  async open(type: AlertType, spec: AlertSpec, now: number): Promise<void> {
    const map = await this.all()
    if (map.has(type)) return
    await this.tx.openAlert(
      {
        projectId: this.subject.projectId,
        type,
        severity: spec.severity,
        jobId: 'jobId' in this.subject ? this.subject.jobId : null,
        serverId: 'serverId' in this.subject ? this.subject.serverId : null,
        summary: spec.summary,
        details: spec.details,
      },
      now,
    )
    map.set(type, spec.severity)
  }

  async resolve(types: AlertType[], now: number): Promise<void> {
    const map = await this.all()
    const present = types.filter((t) => map.has(t))
    if (present.length === 0) return
    await this.tx.resolveAlerts(this.subject, present, now)
    for (const t of present) map.delete(t)
  }

  /** Opens, updates (when the severity changed) or resolves the alert of `type`. */
  async apply(type: AlertType, desired: Desired, now: number): Promise<void> {
    if (desired === null) return this.resolve([type], now)
    const current = await this.severityOf(type)
    if (current === null) return this.open(type, desired, now)
    if (current !== desired.severity) {
      await this.tx.updateActiveAlert(this.subject, type, desired, now)
      ;(await this.all()).set(type, desired.severity)
    }
  }
}
