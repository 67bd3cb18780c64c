// The config file's channels into the channels table (SPEC §7): each stored as written with
// source `config`, replacing an API edit of the same name (the file wins at every start); a
// config channel no longer in the file is deleted, so nothing is sent to it any more; channels
// created through the API stay. Each change is audited.
import { channelMap } from '../../config/channel-map.js'
import type { ChannelSpec } from '../../config/channel-spec.js'
import { target } from '../../domain/audit.js'
import type { AuditRecorder, AuditStore } from '../../store/roles/audit-store.js'
import type { ChannelStore } from '../../store/roles/channel-store.js'

export async function applyChannels(
  store: ChannelStore & AuditStore,
  channels: ChannelSpec[],
  now: number,
  audit: AuditRecorder,
): Promise<void> {
  const before = new Set((await store.listChannels()).map((c) => c.name))
  const synced = await store.syncConfigChannels(
    channels.map((c) => ({ name: c.name, kind: c.kind, spec: channelMap(c) })),
    now,
  )
  const changes = [
    ...synced.upserted.map((name) => [before.has(name) ? 'channel.updated' : 'channel.created', name]),
    ...synced.deleted.map((name) => ['channel.deleted', name]),
  ]
  for (const [action, name] of changes)
    await audit(store, { action: action!, target: target('channel', null, name!) })
}
