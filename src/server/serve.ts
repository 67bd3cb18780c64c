// Binding the HTTP server, and shutting an instance down in order: stop taking requests, answer
// those in flight, stop the loops, leave the instance list, close the store.
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Config } from '../config/config.js'
import type { ChannelRegistry } from '../notify/channel-registry.js'
import { closeEmailPools } from '../notify/channels/email/notifier.js'
import type { CoreStore } from '../store/store.js'
import type { Loops } from './loops.js'

function hostForUrl(host: string): string {
  return host.includes(':') ? `[${host}]` : host
}

/** Listens on the configured address; the URL actually bound (port 0 = any free port). */
export async function listen(server: Server, at: Config['listen']): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(at.port, at.host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const address = server.address() as AddressInfo
  return `http://${hostForUrl(address.address)}:${address.port}`
}

export interface Running {
  server: Server
  /** answer every request they were given before the loops stop */
  committers: { flushed(): Promise<void> }[]
  loops: Loops
  unsubscribe: () => void
  store: CoreStore
  channelRegistry: ChannelRegistry
}

export async function shutdown(r: Running): Promise<void> {
  const { server, loops, store } = r
  const closed = new Promise<void>((resolve) => server.close(() => resolve()))
  server.closeIdleConnections()
  // Keep-alive clients that never go idle must not hold the shutdown forever.
  const force = setTimeout(() => server.closeAllConnections(), 5_000)
  force.unref()
  await closed
  clearTimeout(force)
  for (const c of r.committers) await c.flushed()
  await loops.evaluator.stop()
  await loops.digests.stop()
  await loops.reports.stop()
  await loops.silences.stop()
  await loops.dispatcher.stop()
  r.unsubscribe()
  await store.deregisterInstance(loops.dispatcher.owner).catch(() => {})
  await r.channelRegistry.stop()
  closeEmailPools()
  await store.close()
}
