// The channels part of the Store contract, once per backend (SQLite always, PostgreSQL when configured).
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { backends, type OpenedBackend } from './support/stores.js'

const hook = (name: string, url = 'https://h.example/x') => ({
  name,
  kind: 'webhook',
  spec: { name, type: 'webhook', url, secret_env: 'HOOK_SECRET', match: { tags: ['db'] } },
})

describe.each(backends)('channels on $name', (backend) => {
  let b: OpenedBackend
  beforeEach(async () => {
    b = await backend.open()
  })
  afterEach(async () => {
    await b.cleanup()
  })

  it('creates, reads, replaces and deletes a channel', async () => {
    const { store } = b
    expect(await store.listChannels()).toEqual([])
    const created = await store.createChannel({ ...hook('ops'), source: 'api' }, 1_000)
    expect(created).toEqual({
      ...hook('ops'),
      projectId: 1,
      source: 'api',
      createdAt: 1_000,
      updatedAt: 1_000,
    })
    expect(await store.getChannel('ops')).toEqual(created)
    // the name is taken: nothing changes
    expect(await store.createChannel({ ...hook('ops', 'https://other/'), source: 'api' }, 2_000)).toBeNull()
    expect((await store.getChannel('ops'))?.spec.url).toBe('https://h.example/x')

    const replaced = await store.putChannel({ ...hook('ops', 'https://new.example/'), source: 'api' }, 3_000)
    expect(replaced).toMatchObject({
      createdAt: 1_000,
      updatedAt: 3_000,
      spec: { url: 'https://new.example/' },
    })
    await store.putChannel({ ...hook('a-first'), source: 'config' }, 4_000)
    expect((await store.listChannels()).map((c) => [c.name, c.source])).toEqual([
      ['a-first', 'config'],
      ['ops', 'api'],
    ])

    expect(await store.deleteChannel('ops')).toBe(true)
    expect(await store.deleteChannel('ops')).toBe(false)
    expect(await store.getChannel('ops')).toBeNull()
  })

  it('syncs the config channels: unchanged kept, changed and API ones replaced, dropped deleted, API ones kept', async () => {
    const { store } = b
    await store.syncConfigChannels([hook('file-a'), hook('file-b')], 1_000)
    await store.createChannel({ ...hook('api-only'), source: 'api' }, 2_000)
    // the API edits a file channel: the file wins at the next sync
    await store.putChannel({ ...hook('file-b', 'https://edited/'), source: 'api' }, 2_000)

    const r = await store.syncConfigChannels([hook('file-a'), hook('file-b')], 3_000)
    expect(r).toEqual({ upserted: ['file-b'], deleted: [] })
    const summary = async () =>
      (await store.listChannels()).map((c) => [c.name, c.source, c.updatedAt, c.spec.url])
    expect(await summary()).toEqual([
      ['api-only', 'api', 2_000, 'https://h.example/x'],
      ['file-a', 'config', 1_000, 'https://h.example/x'],
      ['file-b', 'config', 3_000, 'https://h.example/x'],
    ])

    expect(await store.syncConfigChannels([hook('file-b')], 4_000)).toEqual({
      upserted: [],
      deleted: ['file-a'],
    })
    expect((await store.listChannels()).map((c) => c.name)).toEqual(['api-only', 'file-b'])
  })
})
