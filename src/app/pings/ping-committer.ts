// Pings are committed in groups (GroupCommit): those arriving in the same event-loop turn share
// one transaction, and each is answered only after that transaction committed. Batches overlap
// once the earlier one holds its jobs' locks, so pings of one job still apply in arrival order.
import type { Clock } from '../../clock.js'
import type { PingObservation, PingResult } from '../../ingest/observation.js'
import type { CoreStore } from '../../store/store.js'
import { GroupCommit } from '../group-commit.js'
import { applyPings } from './apply-pings.js'
import type { PingJobDefaults } from './batch-jobs.js'

/** Batches applied while earlier ones wait for their commit to reach the disk. */
const PINGS_IN_FLIGHT = 4

export interface PingCommitterOptions {
  store: CoreStore
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
  private readonly group: GroupCommit<PingObservation, PingResult>

  constructor(private readonly opts: PingCommitterOptions) {
    this.group = new GroupCommit({
      commit: (observations, ordered) => this.run(observations, ordered),
      ...(opts.maxBatch !== undefined && { maxBatch: opts.maxBatch }),
      maxInFlight: PINGS_IN_FLIGHT,
    })
  }

  /** Answers once committed; 'unavailable' when the store failed (the ping was not recorded). */
  submit(obs: PingObservation): Promise<PingResult> {
    return this.group.submit(obs).catch((err: unknown) => {
      this.opts.onError?.(err)
      return 'unavailable' as const
    })
  }

  /** Resolves when every submitted ping has been answered. */
  flushed(): Promise<void> {
    return this.group.flushed()
  }

  private async run(observations: PingObservation[], ordered: () => void): Promise<PingResult[]> {
    const { store, clock, bodyLimit, onDue, jobDefaults } = this.opts
    const applied = await store.transaction((tx) =>
      applyPings(tx, observations, clock.now(), bodyLimit, jobDefaults, ordered),
    )
    if (applied.earliestDue !== null) onDue?.(applied.earliestDue)
    return applied.results
  }
}
