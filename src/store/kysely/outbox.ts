// OutboxStore on Kysely (queries in outbox-queries.ts).
import * as q from '../outbox-queries.js'
import type { OutboxStore } from '../roles/outbox-store.js'
import { inScope, onConnection, type RoleMethods } from './store-context.js'

export const outboxMethods = {
  ...onConnection({
    enqueueDeliveries: q.enqueueDeliveries,
    markDelivered: q.markDelivered,
    rescheduleDelivery: q.rescheduleDelivery,
    skipDelivery: q.skipDelivery,
    failDelivery: q.failDelivery,
    releaseDelivery: q.releaseDelivery,
    releaseDeliveries: q.releaseDeliveries,
    deliveriesForAlert: q.deliveriesForAlert,
    earliestDeliveryAt: q.earliestDeliveryAt,
  }),
  ...inScope({
    recordChannelResult: q.recordChannelResult,
    channelStates: q.channelStates,
    pendingCounts: q.pendingCounts,
  }),
  claimDeliveries: (store, now, owner, leaseMs, limit) =>
    q.claimDeliveries(store.db, store.kind, now, owner, leaseMs, limit),
} satisfies RoleMethods<OutboxStore>
