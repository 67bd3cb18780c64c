// Group commit: pings that arrive in the same event-loop turn share one transaction, and each
// is answered only after that transaction committed. No timer: a lone ping commits at once.
import type { Clock } from '../clock.js'
import type { Store } from '../store/store.js'
import { applyPings, type PingJobDefaults } from './apply-pings.js'
import type { PingObservation, PingResult } from './observation.js'

interface Pending {
  obs: PingObservation
  resolve: (r: PingResult) => void
}

export interface PingCommitterOptions {
  store: Store
  clock: Clock
  bodyLimit: number
  /** settings of jobs created by `?create=1` pings */
  jobDefaults?: PingJobDefaults
  /** told the earliest deadline of the jobs a batch touched */
  onDue?: (at: number) => void
  onError?: (err: unknown) => void
  maxBatch?: number
}

export class PingCommitter {
  private queue: Pending[] = []
  private running = false
  private idle: Promise<void> = Promise.resolve()
  private markIdle: () => void = () => {}

  constructor(private readonly opts: PingCommitterOptions) {}

  submit(obs: PingObservation): Promise<PingResult> {
    return new Promise((resolve) => {
      this.queue.push({ obs, resolve })
      if (!this.running) {
        this.running = true
        this.idle = new Promise((r) => {
          this.markIdle = r
        })
        setImmediate(() => void this.drain())
      }
    })
  }

  /** Resolves when every submitted ping has been answered. */
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

  private async commit(batch: Pending[]): Promise<void> {
    try {
      const results = await this.run(batch.map((p) => p.obs))
      for (const [i, p] of batch.entries()) p.resolve(results[i]!)
    } catch (err) {
      if (batch.length === 1) {
        this.opts.onError?.(err)
        batch[0]!.resolve('unavailable')
        return
      }
      // One bad observation must not fail its neighbours: retry each on its own.
      for (const p of batch) await this.commit([p])
    }
  }

  private async run(observations: PingObservation[]): Promise<PingResult[]> {
    const { store, clock, bodyLimit, onDue, jobDefaults } = this.opts
    const applied = await store.transaction((tx) =>
      applyPings(tx, observations, clock.now(), bodyLimit, jobDefaults),
    )
    if (applied.earliestDue !== null) onDue?.(applied.earliestDue)
    return applied.results
  }
}
