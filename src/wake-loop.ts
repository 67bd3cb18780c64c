// The scheduling loop the evaluator and the dispatcher share: run passes while work is due, then
// sleep until the store's earliest deadline (bounded, so wall-clock jumps and rows written by
// other processes are noticed), wake early when told of an earlier deadline, stop cleanly.
import type { Clock } from './clock.js'
import type { Logger } from './log.js'

export interface WakeLoopOptions {
  clock: Clock
  log: Logger
  /** for log lines: "evaluator", "dispatcher" */
  name: string
  /** handles one batch of due work; returns how much it handled (0: nothing was due) */
  pass: () => Promise<number>
  /** when work is next due; null: nothing is scheduled */
  nextDueAt: () => Promise<number | null>
  /** longest sleep */
  maxSleepMs?: number
  /** sleep after the next deadline could not be read */
  retryMs?: number
}

export class WakeLoop {
  private timer: NodeJS.Timeout | null = null
  private wakeAt: number | null = null
  private running: Promise<void> | null = null
  private again = false
  private stopped = false
  private healthyAt: number | null = null

  constructor(private readonly opts: WakeLoopOptions) {}

  /** When a cycle (its passes, then reading the next deadline) last finished without an error. */
  get lastHealthyAt(): number | null {
    return this.healthyAt
  }

  /**
   * Liveness for self_check: runs a cycle now and tells whether it finished without an error
   * (false when the store fails); never resolves while the loop is stuck.
   */
  async probe(): Promise<boolean> {
    if (this.stopped) return false
    const asked = this.opts.clock.now()
    await this.kick()
    return this.healthyAt !== null && this.healthyAt >= asked
  }

  get isStopped(): boolean {
    return this.stopped
  }

  start(): void {
    this.stopped = false
    void this.kick()
  }

  /** Stops scheduling; waits for the pass in progress, at most `boundMs` when given. */
  async stop(boundMs?: number): Promise<void> {
    this.stopped = true
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    this.wakeAt = null
    if (!this.running) return
    if (boundMs === undefined) return this.running
    let bound: NodeJS.Timeout | undefined
    const limit = new Promise<void>((resolve) => {
      bound = setTimeout(resolve, boundMs)
    })
    await Promise.race([this.running, limit])
    clearTimeout(bound)
  }

  /** Work is due at `at`: wake earlier if needed. */
  notifyDue(at: number): void {
    if (this.stopped) return
    if (this.wakeAt === null || at < this.wakeAt) this.schedule(at)
  }

  /** Runs now; resolves when the passes (and any pass a kick meanwhile asked for) have finished. */
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
    let failed = false
    do {
      this.again = false
      try {
        // Bounded: work that stays due (a failing row) cannot spin the loop forever.
        for (let i = 0; i < 1000 && !this.stopped && (await this.opts.pass()) > 0; i++) {}
      } catch (err) {
        failed = true
        this.opts.log.error(`${this.opts.name} pass failed`, { error: err })
      }
    } while (this.again && !this.stopped)
    if (this.stopped) return
    try {
      const next = await this.opts.nextDueAt()
      this.schedule(next ?? this.opts.clock.now() + (this.opts.maxSleepMs ?? 60_000))
      if (!failed) this.healthyAt = this.opts.clock.now()
    } catch (err) {
      this.opts.log.error(`${this.opts.name} cannot read the next deadline`, { error: err })
      this.schedule(this.opts.clock.now() + (this.opts.retryMs ?? 5_000))
    }
  }
}
