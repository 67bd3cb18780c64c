// JobStore on Kysely (queries in jobs-queries.ts); claims and locks only in a PostgreSQL
// transaction. updateJobStates is KyselyStore's own: in a transaction it waits for its end.
import { reportDuplicates } from '../duplicate-error.js'
import * as list from '../job-list-queries.js'
import * as q from '../jobs-queries.js'
import type { JobStore } from '../roles/job-store.js'
import { inScope, onConnection, type RoleMethods } from './store-context.js'

export const jobMethods = {
  ...inScope({
    // a slug or uuid another job has
    createJob: reportDuplicates(q.createJob),
    updateJobSettings: reportDuplicates(q.updateJobSettings),
    updateChangedJobSettings: reportDuplicates(q.updateChangedJobSettings),
    updateJobState: q.updateJobState,
    deleteJob: q.deleteJob,
    getJob: q.getJob,
    getJobsByUuids: q.getJobsByUuids,
    getJobsBySlugs: q.getJobsBySlugs,
    listJobs: list.listJobs,
    countJobs: q.countJobs,
    configJobs: q.configJobs,
    jobFacets: list.jobFacets,
  }),
  ...onConnection({ earliestDueAt: q.earliestDueAt }),
  dueJobs: (store, now, limit) => q.dueJobs(store.db, store.project, now, limit, store.locks),
  lockJobs: (store, ids) => q.lockJobs(store.db, store.project, ids, store.locks),
  lockJobsByKey: (store, keys) => q.lockJobsByKey(store.db, store.project, keys, store.locks),
} satisfies RoleMethods<JobStore>
