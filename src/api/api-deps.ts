// What the API routes may use; wired by the composition root.
import type { Clock } from '../clock.js'
import type { RunReportContext } from '../ingest/apply-run-report.js'
import type { Logger } from '../log.js'
import type { Store } from '../store/store.js'

export interface ApiDeps {
  store: Store
  clock: Clock
  log: Logger
  version: string
  baseUrl: string
  pingKey: string
  /** tell the evaluator a job's deadline may have moved */
  notifyDue: (at: number) => void
  metricsPublic: boolean
  /** how reported runs are stored and what jobs they create start with */
  reports: Omit<RunReportContext, 'now'>
}
