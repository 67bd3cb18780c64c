// Group commit: items submitted in the same event-loop turn share one transaction, and each is
// answered only after that transaction committed. No timer: a lone item commits at once. When a
// batch fails, each item is tried again on its own, so one bad item never fails its neighbours
// and its own error reaches its own caller (unless the error says trying again is wrong).
//
// Pipelined: a batch calls `ordered()` once it holds what orders it against later batches (its
// jobs' row locks on PostgreSQL; the connection itself on SQLite, released at commit). The next
// batch may start from then on, up to `maxInFlight` at once, so batch N+1 is gathered and
// applied while batch N waits for its commit to reach the disk. A batch that never calls
// `ordered()` lets the next one start when it has finished.
interface Pending<I, O> {
  item: I
  resolve: (out: O) => void
  reject: (err: unknown) => void
}

export interface GroupCommitOptions<I, O> {
  /** commits the items in one transaction; returns one output per item, in order */
  commit: (items: I[], ordered: () => void) => Promise<O[]>
  maxBatch?: number
  /** batches started and not yet answered, at most (1: strictly one after the other) */
  maxInFlight?: number
}

export class GroupCommit<I, O> {
  private queue: Pending<I, O>[] = []
  private inFlight = 0
  /** a started batch has not yet called ordered(): the next one waits */
  private gated = false
  private scheduled = false
  private idle: Promise<void> = Promise.resolve()
  private markIdle: (() => void) | null = null

  constructor(private readonly opts: GroupCommitOptions<I, O>) {}

  submit(item: I): Promise<O> {
    return new Promise((resolve, reject) => {
      this.queue.push({ item, resolve, reject })
      this.schedule()
    })
  }

  /** Resolves when every submitted item has been answered. */
  flushed(): Promise<void> {
    return this.idle
  }

  /** The next batch gathers what arrived until the event loop's next check phase. */
  private schedule(): void {
    if (!this.markIdle) this.idle = new Promise((r) => (this.markIdle = r))
    if (this.scheduled) return
    this.scheduled = true
    setImmediate(() => {
      this.scheduled = false
      this.pump()
    })
  }

  private pump(): void {
    const maxInFlight = this.opts.maxInFlight ?? 1
    if (this.queue.length === 0 || this.gated || this.inFlight >= maxInFlight) {
      this.settleIdle()
      return
    }
    const batch = this.queue.splice(0, this.opts.maxBatch ?? 1000)
    this.inFlight++
    this.gated = true
    let opened = false
    const open = () => {
      if (opened) return
      opened = true
      this.gated = false
      if (this.queue.length > 0) this.schedule()
    }
    void this.commit(batch, open).finally(() => {
      this.inFlight--
      open()
      this.settleIdle()
      if (this.queue.length > 0) this.schedule()
    })
  }

  private settleIdle(): void {
    if (this.queue.length > 0 || this.inFlight > 0 || this.scheduled || !this.markIdle) return
    const mark = this.markIdle
    this.markIdle = null
    mark()
  }

  private async commit(batch: Pending<I, O>[], ordered: () => void): Promise<void> {
    try {
      const results = await this.opts.commit(
        batch.map((p) => p.item),
        ordered,
      )
      for (const [i, p] of batch.entries()) p.resolve(results[i]!)
    } catch (err) {
      // An error marked not retryable (the commit happened, its durability failed) is everyone's.
      if (batch.length === 1 || (err as { retryable?: unknown } | null)?.retryable === false) {
        for (const p of batch) p.reject(err)
        return
      }
      // The batch rolled back: each item again, alone (after the batches already started).
      for (const p of batch) await this.commit([p], () => {})
    }
  }
}
