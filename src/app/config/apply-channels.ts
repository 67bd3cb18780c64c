// The config file's channels into the channels table (SPEC §7): each stored as written with
// source `config`, replacing an API edit of the same name (the file wins at every start); a
// config channel no longer in the file is deleted, so nothing is sent to it any more; channels
// created through the API stay.
import { channelMap } from '../../config/channel-map.js'
import type { ChannelSpec } from '../../config/channel-spec.js'
import type { ChannelStore } from '../../store/roles/channel-store.js'

export async function applyChannels(
  store: ChannelStore,
  channels: ChannelSpec[],
  now: number,
): Promise<void> {
  await store.syncConfigChannels(
    channels.map((c) => ({ name: c.name, kind: c.kind, spec: channelMap(c) })),
    now,
  )
}
