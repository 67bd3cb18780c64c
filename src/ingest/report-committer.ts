// Run reports are committed in groups (GroupCommit): the reports of requests arriving in the same
// event-loop turn share one transaction, applied in arrival order, and each request is answered
// only after it committed. A request whose reports fail (an unknown job) gets its own error; the
// others commit without it.
import type { Clock } from '../clock.js'
import type { Store } from '../store/store.js'
import { type AppliedReport, applyRunReport, type RunReportContext } from './apply-run-report.js'
import { GroupCommit } from './group-commit.js'
import type { RunReport } from './run-report.js'

export interface ReportCommitterOptions {
  store: Store
  clock: Clock
  context: Omit<RunReportContext, 'now'>
  /** told each touched job's next deadline */
  onDue: (at: number) => void
  maxBatch?: number
}

/** One item is one request's reports (a tool report may hold several runs). */
export type ReportCommitter = GroupCommit<RunReport[], AppliedReport[]>

export function reportCommitter(opts: ReportCommitterOptions): ReportCommitter {
  return new GroupCommit<RunReport[], AppliedReport[]>({
    commit: async (requests) => {
      const now = opts.clock.now()
      const applied = await opts.store.transaction(async (tx) => {
        // every job of the group locked up front, in id order (no two groups wait in a cycle)
        const known = await tx.getJobsBySlugs(requests.flat().map((r) => r.job))
        await tx.lockJobs(known.map((j) => j.id))
        const out: AppliedReport[][] = []
        for (const reports of requests) {
          const one: AppliedReport[] = []
          for (const r of reports) one.push(await applyRunReport(tx, r, { ...opts.context, now }))
          out.push(one)
        }
        return out
      })
      for (const a of applied.flat()) if (a.nextDueAt !== null) opts.onDue(a.nextDueAt)
      return applied
    },
    ...(opts.maxBatch !== undefined && { maxBatch: opts.maxBatch }),
  })
}
