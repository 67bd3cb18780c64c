// RunStore on Kysely (queries in runs-queries.ts, run-buckets-queries.ts, ping-events-queries.ts,
// run-stats-queries.ts).
// addRunStats and insertPingEvents are KyselyStore's own: in a transaction they wait for its end.
import * as pings from '../ping-events-queries.js'
import type { RunStore } from '../roles/run-store.js'
import { countRunBuckets } from '../run-buckets-queries.js'
import * as runStats from '../run-stats-queries.js'
import * as q from '../runs-queries.js'
import { inScope, onConnection, type RoleMethods } from './store-context.js'

export const runMethods = {
  ...inScope({
    updateRun: q.updateRun,
    getRun: q.getRun,
    getRuns: q.getRuns,
    findRunByRid: q.findRunByRid,
    openRuns: q.openRuns,
    listRuns: q.listRuns,
    countRunBuckets,
    runStatsSince: runStats.runStatsSince,
  }),
  ...onConnection({ countPingEvents: pings.countPingEvents }),
  insertRuns: (store, runs, now) => q.insertRuns(store.db, store.kind, runs, now),
} satisfies RoleMethods<RunStore>
