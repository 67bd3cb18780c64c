// Use case: resolve an active alert by hand (POST /api/v1/alerts/{id}/resolve and the dashboard's
// Resolve button), audited as alert.resolved in the transaction that resolves it; its resolution
// is sent like any other. An alert whose condition still holds opens again when its job or server
// is next evaluated.
import { target } from '../../domain/audit.js'
import { presentAlert } from '../../domain/present-alert.js'
import type { AlertRecord } from '../../domain/records.js'
import { HttpError, notFound } from '../../http/http-error.js'
import type { AuditRecorder } from '../../store/roles/audit-store.js'
import type { Store } from '../../store/store.js'

/** The alert `ref` names in the store's project (digits only), or 404. */
export async function findAlert(store: Store, ref: string): Promise<AlertRecord> {
  const id = /^\d{1,15}$/.test(ref) ? Number(ref) : null
  const alert = id === null ? null : await store.getAlert(id)
  if (!alert) throw notFound('alert')
  return alert
}

/** Resolves `alert` at `now`; 409 when it is resolved already. Returns it as stored afterwards. */
export async function resolveAlert(
  store: Store,
  alert: AlertRecord,
  audit: AuditRecorder,
  now: number,
): Promise<AlertRecord> {
  await store.transaction(async (tx) => {
    if (!(await tx.resolveAlert(alert.id, now)))
      throw new HttpError(409, 'conflict', `alert ${alert.id} is already resolved`)
    const about = presentAlert(alert)
    await audit(tx, {
      action: 'alert.resolved',
      target: target('alert', alert.id, about.job ?? about.server),
      details: { type: alert.type, summary: alert.summary },
    })
  })
  return (await store.getAlert(alert.id))!
}
