// ServerStore on Kysely (queries in servers-queries.ts); claims and locks only in a PostgreSQL
// transaction.
import { reportDuplicates } from '../duplicate-error.js'
import type { ServerStore } from '../roles/server-store.js'
import { listServerHealth } from '../server-list-queries.js'
import * as q from '../servers-queries.js'
import { inScope, onConnection, type RoleMethods } from './store-context.js'

export const serverMethods = {
  ...inScope({
    // a name another server has
    createServer: reportDuplicates(q.createServer),
    updateServer: reportDuplicates(q.updateServer),
    deleteServer: q.deleteServer,
    getServer: q.getServer,
    listServers: q.listServers,
    listServerHealth,
    updateServerState: q.updateServerState,
  }),
  ...onConnection({ serverJobCounts: q.serverJobCounts }),
  dueServers: (store, now, limit) => q.dueServers(store.db, store.project, now, limit, store.locks),
  lockServer: (store, id) => q.lockServer(store.db, store.project, id, store.locks),
} satisfies RoleMethods<ServerStore>
