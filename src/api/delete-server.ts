// Use case: delete a server. Its jobs and runs stay, detached (server becomes null); its alerts
// go with it (foreign keys: set null / cascade).
import type { ApiDeps } from './api-deps.js'
import { findServer } from './lookup.js'

export async function deleteServer(deps: ApiDeps, ref: string): Promise<void> {
  await deps.store.transaction(async (tx) => {
    const server = await findServer(tx, ref)
    await tx.deleteServer(server.id)
  })
}
