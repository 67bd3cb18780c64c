// Re-evaluates every job a changed policy applies to (its environment's jobs; for `default`,
// all jobs: cheap to over-settle, since a settle that changes nothing writes nothing), one
// transaction per page so a large fleet never holds one long write lock, with a turn of the
// event loop between pages so pings are answered meanwhile (20 000 jobs took 2 s).
import type { Clock } from '../clock.js'
import { loopTurn } from '../loop-turn.js'
import type { JobStore } from '../store/roles/job-store.js'
import type { CoreStore } from '../store/store.js'
import { settleJob } from './settle-job.js'

/** About 10 ms of settling on SQLite. */
const PAGE = 100

export async function resettleJobs(
  store: CoreStore & JobStore,
  clock: Clock,
  environment: string | null,
  notifyDue: (at: number) => void,
): Promise<number> {
  const filter = environment === null || environment === 'default' ? {} : { environment }
  let cursor: string | null = null
  let settled = 0
  do {
    if (settled > 0) await loopTurn()
    const now = clock.now()
    const page = await store.listJobs(filter, { limit: PAGE, cursor })
    await store.transaction(async (tx) => {
      // settled from their locked, current rows (a ping may have moved one since the page was read)
      for (const job of await tx.lockJobs(page.items.map((j) => j.id))) {
        const due = await settleJob(tx, job, now)
        if (due !== null) notifyDue(due)
      }
    })
    settled += page.items.length
    cursor = page.nextCursor
  } while (cursor !== null)
  return settled
}
