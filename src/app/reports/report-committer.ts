// Commits run reports. A request with one report is grouped with those of concurrent requests
// (GroupCommit): one transaction, each request answered only after it committed, a request whose
// report fails (an unknown job) gets its own error while the others commit.
//
// A request with many reports (a resticprofile status file) is checked first and then committed
// in chunks: a chunk's transaction ends after CHUNK_BUDGET_MS (or CHUNK_MAX_RUNS runs) and the
// event loop gets its turn before the next, so pings are answered while a big file is stored.
// The request is answered once its last chunk committed. Chunks are not one transaction: a status
// file's entries are independent runs, and each carries its own rid (derived from profile,
// command and time), so a retry after a failure half-way updates the runs already stored instead
// of adding them again. What can be checked in advance is, so a refusal stores nothing: every job
// named exists or may be created, and no more than `jobsPerRequest` are to be created.
import type { Clock } from '../../clock.js'
import type { RunReport } from '../../ingest/run-report.js'
import { loopTurn } from '../../loop-turn.js'
import type { JobSettingsPatch, JobStore } from '../../store/roles/job-store.js'
import type { CoreStore } from '../../store/store.js'
import { GroupCommit } from '../group-commit.js'
import type { AppliedReport, RunReportContext } from './applied-report.js'
import { applyRunReport } from './apply-run-report.js'
import { UnknownJob } from './report-job.js'
import { TooManyJobs } from './too-many-jobs.js'

/** Long enough to amortise a commit, short enough that a ping waiting behind it stays quick. */
const CHUNK_BUDGET_MS = 10
const CHUNK_MAX_RUNS = 200
/** Jobs looked up per query while checking a request, between turns of the event loop. */
const CHECK_SLICE = 500

/** Settings a job created in `projectId` for `environment` starts with (its policies' job_defaults). */
export type ProjectJobDefaults = (projectId: number, environment: string | null) => JobSettingsPatch

export interface ReportCommitterOptions {
  store: CoreStore & JobStore
  clock: Clock
  context: Omit<RunReportContext, 'now' | 'jobDefaults'> & { jobDefaults: ProjectJobDefaults }
  /** told each touched job's next deadline */
  onDue: (at: number) => void
  /** jobs one request may create */
  jobsPerRequest: number
  maxBatch?: number
}

/** One request's reports, all in the project of the request's token or session. */
interface ReportRequest {
  projectId: number
  reports: RunReport[]
}

export class ReportCommitter {
  private readonly group: GroupCommit<ReportRequest, AppliedReport[]>
  private readonly chunked = new Set<Promise<unknown>>()

  constructor(private readonly opts: ReportCommitterOptions) {
    this.group = new GroupCommit<ReportRequest, AppliedReport[]>({
      commit: async (requests) => {
        const now = opts.clock.now()
        const applied = await opts.store.transaction(async (tx) => {
          await lockJobsOf(tx, requests)
          const out: AppliedReport[][] = []
          for (const { projectId, reports } of requests) {
            const one: AppliedReport[] = []
            const inProject = tx.inProject(projectId)
            for (const r of reports)
              one.push(await applyRunReport(inProject, r, this.context(projectId, now)))
            out.push(one)
          }
          return out
        })
        this.tellDue(applied.flat())
        return applied
      },
      ...(opts.maxBatch !== undefined && { maxBatch: opts.maxBatch }),
    })
  }

  /** One request's reports, in `projectId`; throws UnknownJob or TooManyJobs (then nothing was stored). */
  submit(projectId: number, reports: RunReport[]): Promise<AppliedReport[]> {
    if (reports.length <= 1) return this.group.submit({ projectId, reports })
    const done = this.commitInChunks({ projectId, reports })
    this.chunked.add(done)
    const forget = () => this.chunked.delete(done)
    done.then(forget, forget)
    return done
  }

  /** Resolves when every submitted request has been answered. */
  async flushed(): Promise<void> {
    await Promise.allSettled([...this.chunked])
    await this.group.flushed()
  }

  private context(projectId: number, now: number): RunReportContext {
    const { jobDefaults, ...rest } = this.opts.context
    return { ...rest, now, jobDefaults: (environment) => jobDefaults(projectId, environment) }
  }

  private async commitInChunks(request: ReportRequest): Promise<AppliedReport[]> {
    const { reports } = request
    await this.checkJobs(request)
    const out: AppliedReport[] = []
    while (out.length < reports.length) {
      await loopTurn()
      const applied = await this.commitChunk(request, out.length)
      this.tellDue(applied)
      out.push(...applied)
    }
    return out
  }

  /** Applies reports from `from` on in one transaction until its budget is spent. */
  private commitChunk({ projectId, reports }: ReportRequest, from: number): Promise<AppliedReport[]> {
    const { store, clock } = this.opts
    const now = clock.now()
    return store.transaction(async (all) => {
      const tx = all.inProject(projectId)
      await lockJobsOf(tx, [{ projectId, reports: reports.slice(from, from + CHUNK_MAX_RUNS) }])
      const started = performance.now()
      const applied: AppliedReport[] = []
      const context = this.context(projectId, now)
      for (let i = from; i < reports.length && applied.length < CHUNK_MAX_RUNS; i++) {
        applied.push(await applyRunReport(tx, reports[i]!, context))
        if (performance.now() - started >= CHUNK_BUDGET_MS) break
      }
      return applied
    })
  }

  private async checkJobs({ projectId, reports }: ReportRequest): Promise<void> {
    const slugs = [...new Set(reports.map((r) => r.job))]
    const existing = new Set<string>()
    const store = this.opts.store.inProject(projectId)
    for (let i = 0; i < slugs.length; i += CHECK_SLICE) {
      if (i > 0) await loopTurn()
      const jobs = await store.getJobsBySlugs(slugs.slice(i, i + CHECK_SLICE))
      for (const job of jobs) existing.add(job.slug)
    }
    const refused = reports.find((r) => !r.create && !existing.has(r.job))
    if (refused) throw new UnknownJob(refused.job)
    const missing = slugs.length - existing.size
    if (missing > this.opts.jobsPerRequest) throw new TooManyJobs(missing, this.opts.jobsPerRequest)
  }

  private tellDue(applied: AppliedReport[]): void {
    for (const a of applied) if (a.nextDueAt !== null) this.opts.onDue(a.nextDueAt)
  }
}

/** Locks the existing jobs `reports` name up front, in id order: no two transactions wait in a cycle. */
async function lockJobsOf(tx: JobStore, requests: ReportRequest[]): Promise<void> {
  await tx.lockJobsByKey({
    slugs: requests.flatMap(({ projectId, reports }) => reports.map((r) => ({ projectId, slug: r.job }))),
  })
}
