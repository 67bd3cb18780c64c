// Wakes at the earliest next_due_at (no periodic scan), settles every due job and sleeps
// again. Safe after a restart (overdue deadlines are simply due) and against a bad row.
import type { Clock } from '../clock.js'
import type { Logger } from '../log.js'
import type { Store } from '../store/store.js'
import { settleJob } from './settle-job.js'
import { settleServer } from './settle-server.js'

export interface EvaluatorOptions {
  store: Store
  clock: Clock
  log: Logger
  batchSize?: number
  /** longest sleep: bounds the effect of wall-clock jumps */
  maxSleepMs?: number
  /** how far a job that fails to evaluate is pushed back */
  retryMs?: number
}

export class Evaluator {
  private timer: NodeJS.Timeout | null = null
  private wakeAt: number | null = null
  private running: Promise<void> | null = null
  private again = false
  private stopped = false

  constructor(private readonly opts: EvaluatorOptions) {}

  start(): void {
    this.stopped = false
    this.kick()
  }

  async stop(): Promise<void> {
    this.stopped = true
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    await this.running
  }

  /** A job's deadline moved to `at`: wake earlier if needed. */
  notifyDue(at: number): void {
    if (this.stopped) return
    if (this.wakeAt === null || at < this.wakeAt) this.schedule(at)
  }

  /** Evaluates now; resolves when the pass (and any pass it triggered) has finished. */
  kick(): Promise<void> {
    if (this.running) {
      this.again = true
      return this.running
    }
    this.running = this.loop().finally(() => {
      this.running = null
    })
    return this.running
  }

  private schedule(at: number): void {
    if (this.stopped) return
    const now = this.opts.clock.now()
    const delay = Math.min(Math.max(0, at - now), this.opts.maxSleepMs ?? 60_000)
    if (this.timer) clearTimeout(this.timer)
    this.wakeAt = now + delay
    this.timer = setTimeout(() => {
      this.timer = null
      this.wakeAt = null
      void this.kick()
    }, delay)
  }

  private async loop(): Promise<void> {
    do {
      this.again = false
      try {
        // Bounded: a job that stays due (a failing row) cannot spin the loop forever.
        for (let i = 0; i < 1000 && !this.stopped && (await this.pass()) > 0; i++) {}
      } catch (err) {
        this.opts.log.error('evaluator pass failed', { error: err })
      }
    } while (this.again && !this.stopped)
    if (this.stopped) return
    try {
      const next = await this.opts.store.earliestDueAt()
      this.schedule(next ?? this.opts.clock.now() + (this.opts.maxSleepMs ?? 60_000))
    } catch (err) {
      this.opts.log.error('evaluator cannot read the next deadline', { error: err })
      this.schedule(this.opts.clock.now() + (this.opts.retryMs ?? 5_000))
    }
  }

  /** Settles one batch of due jobs; returns how many were due. */
  private async pass(): Promise<number> {
    const { store, clock } = this.opts
    const now = clock.now()
    const limit = this.opts.batchSize ?? 500
    try {
      return await store.transaction(async (tx) => {
        // Servers first: a job settled in the same pass sees its server offline (the likely cause).
        const servers = await tx.dueServers(now, limit)
        for (const server of servers) await settleServer(tx, server, now)
        const due = await tx.dueJobs(now, limit)
        for (const job of due) await settleJob(tx, job, now)
        return due.length + servers.length
      })
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
        await store.transaction((tx) => settleJob(tx, job, now))
      } catch (err) {
        log.error('cannot evaluate job; retrying later', { job: job.slug, error: err })
        await store.updateJobState(job.id, { next_due_at: now + (this.opts.retryMs ?? 60_000) }, now)
      }
    }
    const servers = await store.dueServers(now, limit)
    for (const server of servers) {
      try {
        await store.transaction((tx) => settleServer(tx, server, now))
      } catch (err) {
        log.error('cannot evaluate server; retrying later', { server: server.name, error: err })
        await store.updateServerState(server.id, { offline_at: now + (this.opts.retryMs ?? 60_000) }, now)
      }
    }
    return due.length + servers.length
  }
}
