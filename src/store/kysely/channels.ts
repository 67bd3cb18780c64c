// ChannelStore on Kysely (queries in channels-queries.ts): every change is published on the
// `channels` topic, so each instance's registry reloads.
import * as q from '../channels-queries.js'
import type { ChannelStore } from '../roles/channel-store.js'
import { onConnection, type RoleMethods } from './store-context.js'

export const channelMethods = {
  ...onConnection({ listChannels: q.listChannels, getChannel: q.getChannel }),
  async createChannel(store, c, now) {
    const created = await q.createChannel(store.db, c, now)
    if (created) await store.publish('channels')
    return created
  },
  async putChannel(store, c, now) {
    const put = await q.putChannel(store.db, c, now)
    await store.publish('channels')
    return put
  },
  async deleteChannel(store, name) {
    const deleted = await q.deleteChannel(store.db, name)
    if (deleted) await store.publish('channels')
    return deleted
  },
  syncConfigChannels: (store, channels, now) =>
    store.withTransaction(async (tx) => {
      const synced = await q.syncConfigChannels(tx.db, channels, now)
      if (synced.upserted.length + synced.deleted.length > 0) await tx.publish('channels')
      return synced
    }),
} satisfies RoleMethods<ChannelStore>
