// AlertStore on Kysely (queries in alerts-queries.ts): the writes that move an alert tell the
// alert sink, in the caller's transaction.
import * as q from '../alerts-queries.js'
import type { AlertStore } from '../roles/alert-store.js'
import { inScope, onConnection, type RoleMethods } from './store-context.js'

export const alertMethods = {
  ...onConnection({
    activeAlertTypes: q.activeAlertTypes,
    activeAlertsOf: q.activeAlertsOf,
    activeAlertsOfJobs: q.activeAlertsOfJobs,
  }),
  ...inScope({ getAlert: q.getAlert, listAlerts: q.listAlerts }),
  openAlert: (store, alert, now) => q.openAlert(store.db, alert, now, store.transitioned),
  resolveAlerts: (store, subject, types, now) =>
    q.resolveAlerts(store.db, subject, types, now, store.transitioned),
  resolveAlert: (store, id, now) => q.resolveAlert(store.db, store.project, id, now, store.transitioned),
  updateActiveAlert: (store, subject, type, patch, now) =>
    q.updateActiveAlert(store.db, subject, type, patch, now, store.transitioned),
} satisfies RoleMethods<AlertStore>
