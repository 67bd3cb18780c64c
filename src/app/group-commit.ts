// Group commit: items submitted in the same event-loop turn share one transaction, and each is
// answered only after that transaction committed. No timer: a lone item commits at once. When a
// batch fails, each item is tried again on its own, so one bad item never fails its neighbours
// and its own error reaches its own caller (unless the error says trying again is wrong).
//
// Pipelined: up to `maxInFlight` batches at once, so batch N+1 is gathered and applied while
// batch N waits for its commit to reach the disk (SQLite runs transactions one after the other on
// its one connection, in the order they started). Where transactions run side by side
// (PostgreSQL), `key` names what an item must not overtake: an item whose key a running batch
// holds waits for that batch, so items of one key commit in arrival order.
interface Pending<I, O> {
  item: I
  resolve: (out: O) => void
  reject: (err: unknown) => void
}

export interface GroupCommitOptions<I, O> {
  /** commits the items in one transaction; returns one output per item, in order */
  commit: (items: I[]) => Promise<O[]>
  maxBatch?: number
  /** batches started and not yet answered, at most (1: strictly one after the other) */
  maxInFlight?: number
  /** items with the same key are never in two running batches */
  key?: (item: I) => string
}

export class GroupCommit<I, O> {
  private queue: Pending<I, O>[] = []
  private inFlight = 0
  /** keys of the running batches' items, with the number of batches holding each */
  private readonly held = new Map<string, number>()
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
    if (this.queue.length === 0 || this.inFlight >= maxInFlight) {
      this.settleIdle()
      return
    }
    const { batch, keys } = this.take()
    if (batch.length === 0) return // everything waiting is behind a running batch
    this.inFlight++
    for (const k of keys) this.held.set(k, (this.held.get(k) ?? 0) + 1)
    void this.commit(batch).finally(() => {
      this.inFlight--
      for (const k of keys) {
        const n = this.held.get(k)! - 1
        if (n === 0) this.held.delete(k)
        else this.held.set(k, n)
      }
      this.settleIdle()
      if (this.queue.length > 0) this.schedule()
    })
    // another batch may start beside this one (items it could not take, the next turn's)
    if (this.queue.length > 0 && this.inFlight < maxInFlight) this.schedule()
  }

  /** The next batch: queued items in order, leaving those whose key a running batch holds. */
  private take(): { batch: Pending<I, O>[]; keys: Set<string> } {
    const max = this.opts.maxBatch ?? 1000
    const key = this.opts.key
    if (!key) return { batch: this.queue.splice(0, max), keys: new Set() }
    const batch: Pending<I, O>[] = []
    const rest: Pending<I, O>[] = []
    const keys = new Set<string>()
    for (const p of this.queue) {
      const k = key(p.item)
      if (batch.length < max && !this.held.has(k)) {
        batch.push(p)
        keys.add(k)
      } else rest.push(p)
    }
    this.queue = rest
    return { batch, keys }
  }

  private settleIdle(): void {
    if (this.queue.length > 0 || this.inFlight > 0 || this.scheduled || !this.markIdle) return
    const mark = this.markIdle
    this.markIdle = null
    mark()
  }

  private async commit(batch: Pending<I, O>[]): Promise<void> {
    try {
      const results = await this.opts.commit(batch.map((p) => p.item))
      for (const [i, p] of batch.entries()) p.resolve(results[i]!)
    } catch (err) {
      // An error marked not retryable (the commit happened, its durability failed) is everyone's.
      if (batch.length === 1 || (err as { retryable?: unknown } | null)?.retryable === false) {
        for (const p of batch) p.reject(err)
        return
      }
      // The batch rolled back: each item again, alone (after the batches already started).
      for (const p of batch) await this.commit([p])
    }
  }
}
