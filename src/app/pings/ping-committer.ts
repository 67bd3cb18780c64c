// Pings are committed in groups (GroupCommit): those arriving in the same event-loop turn share
// one transaction, and each is answered only after that transaction committed. Batches overlap
// (the next is applied while the last one's commit reaches the disk); one job's pings still apply
// in arrival order.
import type { Clock } from '../../clock.js'
import type { PingObservation, PingResult } from '../../ingest/observation.js'
import type { CoreStore } from '../../store/store.js'
import { GroupCommit } from '../group-commit.js'
import { applyPings } from './apply-pings.js'
import type { PingJobDefaults } from './batch-jobs.js'

/** Batches applied while earlier ones wait for their commit (SQLite: its WAL sync; PostgreSQL: the
 * round trips). SQLite has one connection and a CPU-bound thread: more batches in flight only make
 * them smaller (measured: 1 → 25 pings a batch, 4 → 17, and fewer pings a second). PostgreSQL,
 * pings spread over 50 jobs on 2 cores: 1 or 2 in flight ≈ 2 200 pings/s, 4 ≈ 1 600/s (smaller
 * batches, each one's round trips waiting behind the others'). */
const PINGS_IN_FLIGHT = { sqlite: 1, postgres: 2 } as const

/** The job a ping names (a job named once by uuid and once by slug is two keys: the row lock orders those). */
function jobKey(o: PingObservation): string {
  return 'uuid' in o.target ? o.target.uuid : `${o.target.projectId}/${o.target.slug}`
}

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
      commit: (observations) => this.run(observations),
      ...(opts.maxBatch !== undefined && { maxBatch: opts.maxBatch }),
      maxInFlight: PINGS_IN_FLIGHT[opts.store.kind],
      // PostgreSQL runs the batches side by side: one job's pings stay in one at a time.
      ...(opts.store.kind === 'postgres' && { key: jobKey }),
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

  private async run(observations: PingObservation[]): Promise<PingResult[]> {
    const { store, clock, bodyLimit, onDue, jobDefaults } = this.opts
    const applied = await store.transaction((tx) =>
      applyPings(tx, observations, clock.now(), bodyLimit, jobDefaults),
    )
    if (applied.earliestDue !== null) onDue?.(applied.earliestDue)
    return applied.results
  }
}
