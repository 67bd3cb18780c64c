// Use case: delete a job; its runs, ping events and alerts go with it (foreign keys cascade).
import { settleProtection } from '../evaluate/settle-server.js'
import type { ApiDeps } from './api-deps.js'
import { findJob } from './lookup.js'

export async function deleteJob(deps: ApiDeps, ref: string): Promise<void> {
  await deps.store.transaction(async (tx) => {
    const job = await findJob(tx, ref)
    await tx.deleteJob(job.id)
    await settleProtection(tx, job.serverId, deps.clock.now())
  })
}
