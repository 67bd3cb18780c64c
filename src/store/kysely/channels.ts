// ChannelStore on Kysely (queries in channels-queries.ts): every change is published on the
// `channels` topic, so each instance's registry reloads.
import * as q from '../channels-queries.js'
import type { ChannelStore } from '../roles/channel-store.js'
import { inScope, type RoleMethods } from './store-context.js'

export const channelMethods = {
  ...inScope({ listChannels: q.listChannels, getChannel: q.getChannel }),
  async createChannel(store, c, now) {
    const created = await q.createChannel(store.db, store.project, c, now)
    if (created) await store.publish('channels')
    return created
  },
  async putChannel(store, c, now) {
    const put = await q.putChannel(store.db, store.project, c, now)
    await store.publish('channels')
    return put
  },
  async deleteChannel(store, name) {
    const deleted = await q.deleteChannel(store.db, store.project, name)
    if (deleted) await store.publish('channels')
    return deleted
  },
  syncConfigChannels: (store, channels, now) =>
    store.withTransaction(async (tx) => {
      const synced = await q.syncConfigChannels(tx.db, tx.project, channels, now)
      if (synced.upserted.length + synced.deleted.length > 0) await tx.publish('channels')
      return synced
    }),
} satisfies RoleMethods<ChannelStore>
