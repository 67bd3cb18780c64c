// Notification channels (SPEC §7) by name, as written; parsing them is the ChannelRegistry's job.
// Every change is published on the `channels` topic.

export type ChannelSource = 'config' | 'api'

export interface NewStoredChannel {
  name: string
  kind: string
  /** the flat map as written (`*_env` references unresolved) */
  spec: Record<string, unknown>
  source: ChannelSource
}

export interface StoredChannel extends NewStoredChannel {
  projectId: number
  createdAt: number
  updatedAt: number
}

export interface ChannelStore {
  /** The project's channels; every project's on a store bound to none (the registry). */
  listChannels(): Promise<StoredChannel[]>
  getChannel(name: string): Promise<StoredChannel | null>
  /** Inserts the channel unless its name is taken; null when it is. */
  createChannel(c: NewStoredChannel, now: number): Promise<StoredChannel | null>
  /** Creates or replaces the channel. */
  putChannel(c: NewStoredChannel, now: number): Promise<StoredChannel>
  deleteChannel(name: string): Promise<boolean>
  /** The file's channels stored with source config; config ones no longer listed deleted; API ones kept. */
  syncConfigChannels(
    channels: Omit<NewStoredChannel, 'source'>[],
    now: number,
  ): Promise<{ upserted: string[]; deleted: string[] }>
}
