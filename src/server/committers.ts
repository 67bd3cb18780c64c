// What commits pings and run reports, in groups (app/): their settings from the config, the jobs
// they create from the policies' job defaults, and the evaluator told of each new deadline.
import { PingCommitter } from '../app/pings/ping-committer.js'
import { ReportCommitter } from '../app/reports/report-committer.js'
import type { Clock } from '../clock.js'
import type { Config } from '../config/config.js'
import type { PolicyCache } from '../evaluate/policy-cache.js'
import type { Logger } from '../log.js'
import type { JobStore } from '../store/roles/job-store.js'
import type { CoreStore } from '../store/store.js'

export interface CommitterDeps {
  store: CoreStore & JobStore
  clock: Clock
  log: Logger
  config: Config
  policies: PolicyCache
  notifyDue: (at: number) => void
}

export function createCommitters({ store, clock, log, config, policies, notifyDue }: CommitterDeps) {
  const jobDefaults = (projectId: number, environment: string | null) =>
    policies.jobDefaults(projectId, environment)
  const pings = new PingCommitter({
    store,
    clock,
    bodyLimit: config.pingBodyLimit,
    jobDefaults: (projectId) => jobDefaults(projectId, null),
    onDue: notifyDue,
    onError: (err) => log.error('ping commit failed', { error: err }),
  })
  const runReports = new ReportCommitter({
    store,
    clock,
    context: { logLimit: config.pingBodyLimit, jobDefaults },
    onDue: notifyDue,
    jobsPerRequest: config.limits.jobsPerRequest,
  })
  return { pings, runReports }
}
