// Wakes at the earliest next_due_at (no periodic scan), settles every due job and sleeps
// again. Safe after a restart (overdue deadlines are simply due) and against a bad row.
import type { Clock } from '../clock.js'
import type { Logger } from '../log.js'
import type { JobStore } from '../store/roles/job-store.js'
import type { ServerStore } from '../store/roles/server-store.js'
import type { CoreStore } from '../store/store.js'
import { WakeLoop } from '../wake-loop.js'
import { settleJob } from './settle-job.js'
import { settleServer } from './settle-server.js'

export interface EvaluatorOptions {
  store: CoreStore & JobStore & ServerStore
  clock: Clock
  log: Logger
  batchSize?: number
  /** longest sleep: bounds the effect of wall-clock jumps */
  maxSleepMs?: number
  /** how far a job that fails to evaluate is pushed back */
  retryMs?: number
}

/** How soon to look again at due jobs other transactions hold. */
const HELD_RETRY_MS = 50

export class Evaluator {
  private readonly loop: WakeLoop
  /** the last pass claimed no job or server */
  private claimedNone = false

  constructor(private readonly opts: EvaluatorOptions) {
    this.loop = new WakeLoop({
      clock: opts.clock,
      log: opts.log,
      name: 'evaluator',
      pass: () => this.pass(),
      nextDueAt: () => this.nextDueAt(),
      ...(opts.maxSleepMs !== undefined && { maxSleepMs: opts.maxSleepMs }),
    })
  }

  start(): void {
    this.loop.start()
  }

  /**
   * The earliest deadline; when it has passed yet the last pass found nothing to claim (another
   * transaction holds those jobs: a ping, another instance), look again shortly, not at once.
   */
  private async nextDueAt(): Promise<number | null> {
    const at = await this.opts.store.earliestDueAt()
    const now = this.opts.clock.now()
    return at !== null && at <= now && this.claimedNone ? now + HELD_RETRY_MS : at
  }

  stop(): Promise<void> {
    return this.loop.stop()
  }

  /** A job's deadline moved to `at`: wake earlier if needed. */
  notifyDue(at: number): void {
    this.loop.notifyDue(at)
  }

  /** Evaluates now; resolves when the pass (and any pass it triggered) has finished. */
  kick(): Promise<void> {
    return this.loop.kick()
  }

  /** A cycle now: true when it finished without an error (self_check); hangs while the loop is stuck. */
  probe(): Promise<boolean> {
    return this.loop.probe()
  }

  /** Settles one batch of due jobs; returns how many were due. */
  private async pass(): Promise<number> {
    const { store, clock } = this.opts
    const now = clock.now()
    const limit = this.opts.batchSize ?? 500
    try {
      const handled = await store.transaction(async (tx) => {
        // Servers first: a job settled in the same pass sees its server offline (the likely cause).
        const servers = await tx.dueServers(now, limit)
        for (const server of servers) await settleServer(tx, server, now)
        const due = await tx.dueJobs(now, limit)
        for (const job of due) await settleJob(tx, job, now)
        return due.length + servers.length
      })
      this.claimedNone = handled === 0
      return handled
    } catch (err) {
      this.opts.log.warn('evaluator batch failed; settling jobs one by one', { error: err })
      return this.passOneByOne(now, limit)
    }
  }

  private async passOneByOne(now: number, limit: number): Promise<number> {
    const { store, log } = this.opts
    const due = await store.dueJobs(now, limit)
    for (const job of due) {
      try {
        await store.transaction(async (tx) => {
          // settled from its locked, current row, and only if still due
          const [current] = await tx.lockJobs([job.id])
          if (current?.nextDueAt != null && current.nextDueAt <= now) await settleJob(tx, current, now)
        })
      } catch (err) {
        log.error('cannot evaluate job; retrying later', { job: job.slug, error: err })
        await store.updateJobState(job.id, { next_due_at: now + (this.opts.retryMs ?? 60_000) }, now)
      }
    }
    const servers = await store.dueServers(now, limit)
    for (const server of servers) {
      try {
        await store.transaction(async (tx) => {
          const current = await tx.lockServer(server.id)
          if (current && current.offlineSince === null) await settleServer(tx, current, now)
        })
      } catch (err) {
        log.error('cannot evaluate server; retrying later', { server: server.name, error: err })
        await store.updateServerState(server.id, { offline_at: now + (this.opts.retryMs ?? 60_000) }, now)
      }
    }
    return due.length + servers.length
  }
}
