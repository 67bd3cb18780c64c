// Group commit: items submitted in the same event-loop turn share one transaction, and each is
// answered only after that transaction committed. No timer: a lone item commits at once. When a
// batch fails, each item is tried again on its own, so one bad item never fails its neighbours
// and its own error reaches its own caller.
interface Pending<I, O> {
  item: I
  resolve: (out: O) => void
  reject: (err: unknown) => void
}

export interface GroupCommitOptions<I, O> {
  /** commits the items in one transaction; returns one output per item, in order */
  commit: (items: I[]) => Promise<O[]>
  maxBatch?: number
}

export class GroupCommit<I, O> {
  private queue: Pending<I, O>[] = []
  private running = false
  private idle: Promise<void> = Promise.resolve()
  private markIdle: () => void = () => {}

  constructor(private readonly opts: GroupCommitOptions<I, O>) {}

  submit(item: I): Promise<O> {
    return new Promise((resolve, reject) => {
      this.queue.push({ item, resolve, reject })
      if (!this.running) {
        this.running = true
        this.idle = new Promise((r) => {
          this.markIdle = r
        })
        setImmediate(() => void this.drain())
      }
    })
  }

  /** Resolves when every submitted item has been answered. */
  flushed(): Promise<void> {
    return this.idle
  }

  private async drain(): Promise<void> {
    const max = this.opts.maxBatch ?? 1000
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, max)
      await this.commit(batch)
    }
    this.running = false
    this.markIdle()
  }

  private async commit(batch: Pending<I, O>[]): Promise<void> {
    try {
      const results = await this.opts.commit(batch.map((p) => p.item))
      for (const [i, p] of batch.entries()) p.resolve(results[i]!)
    } catch (err) {
      if (batch.length === 1) {
        batch[0]!.reject(err)
        return
      }
      // The batch rolled back: each item again, alone.
      for (const p of batch) await this.commit([p])
    }
  }
}
