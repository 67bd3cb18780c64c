// AuditStore on Kysely (queries in audit-queries.ts).
import * as q from '../audit-queries.js'
import type { AuditStore } from '../roles/audit-store.js'
import { inScope, type RoleMethods } from './store-context.js'

export const auditMethods = {
  ...inScope({ recordAudit: q.recordAudit, listAudit: q.listAudit }),
} satisfies RoleMethods<AuditStore>
