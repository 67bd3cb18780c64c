// The API tokens part of the Store contract (issue 12), once per backend: tokens made one by one
// per project, listed without their hash, revoked, their last use recorded.
import { describe, expect, it } from 'vitest'
import { DuplicateError } from '../src/store/duplicate-error.js'
import type { NewToken } from '../src/store/roles/token-store.js'
import type { Store } from '../src/store/store.js'
import { backends, openEachTest } from './support/stores.js'

const T0 = 1_700_000_000_000

const token = (name: string, over: Partial<NewToken> = {}): NewToken => ({
  name,
  scope: 'read',
  hash: `hash-${name}-${Math.random()}`,
  prefix: 'bw_abcdefgh',
  createdBy: 'cli',
  ...over,
})

describe.each(backends)('tokens store on $name', (backend) => {
  let store: Store
  openEachTest(backend, (o) => {
    store = o.store
  })

  async function otherProject(): Promise<Store> {
    const p = await store.createProject(
      { slug: 'other', name: 'Other', pingKey: 'other-key', source: 'api' },
      T0,
    )
    return store.inProject(p.id)
  }

  it('creates a token per project, once per name, and lists it without its hash', async () => {
    const ci = await store.createToken(token('ci', { scope: 'ingest', hash: 'h-ci' }), T0)
    expect(ci).toEqual({
      id: expect.any(Number),
      projectId: 1,
      name: 'ci',
      scope: 'ingest',
      source: 'api',
      prefix: 'bw_abcdefgh',
      createdBy: 'cli',
      createdAt: T0,
      lastUsedAt: null,
    })
    await expect(store.createToken(token('ci'), T0)).rejects.toBeInstanceOf(DuplicateError)
    const other = await otherProject()
    // the same name in another project is another token
    const there = await other.createToken(token('ci'), T0)
    expect(there.projectId).not.toBe(1)
    expect((await store.listTokens()).map((t) => t.name)).toEqual(['ci'])
    expect(await other.listTokens()).toEqual([there])
    expect(JSON.stringify(await store.listTokens())).not.toContain('h-ci')
    expect(await store.findTokenByHash('h-ci')).toEqual(ci)
  })

  it('finds a token by id or name in its own project only', async () => {
    const mine = await store.createToken(token('mine'), T0)
    const other = await otherProject()
    const theirs = await other.createToken(token('theirs'), T0)
    expect(await store.getToken({ id: mine.id })).toEqual(mine)
    expect(await store.getToken({ name: 'mine' })).toEqual(mine)
    expect(await store.getToken({ id: theirs.id })).toBeNull()
    expect(await store.getToken({ name: 'theirs' })).toBeNull()
    expect(await other.getToken({ name: 'theirs' })).toEqual(theirs)
  })

  it('deletes API-made tokens of its project only, never those of the config file', async () => {
    const mine = await store.createToken(token('mine', { hash: 'h-mine' }), T0)
    const other = await otherProject()
    const theirs = await other.createToken(token('theirs'), T0)
    await store.syncTokens('config', [{ name: 'filed', scope: 'admin', hash: 'h-filed' }], T0)
    const filed = (await store.findTokenByHash('h-filed'))!
    expect(await store.deleteToken(theirs.id)).toBe(false)
    expect(await store.deleteToken(filed.id)).toBe(false)
    expect(await store.deleteToken(mine.id)).toBe(true)
    expect(await store.deleteToken(mine.id)).toBe(false)
    expect(await store.findTokenByHash('h-mine')).toBeNull()
    expect((await store.listTokens()).map((t) => t.name)).toEqual(['filed'])
    expect(await other.getToken({ id: theirs.id })).not.toBeNull()
  })

  it('keeps API-made tokens when the config file is applied, unless the file takes the name', async () => {
    await store.createToken(token('kept'), T0)
    await store.createToken(token('taken'), T0)
    await store.syncTokens('config', [{ name: 'taken', scope: 'admin', hash: 'h-taken' }], T0)
    expect((await store.listTokens()).map((t) => [t.name, t.source])).toEqual([
      ['kept', 'api'],
      ['taken', 'config'],
    ])
  })

  it('records the last use, never moving it back', async () => {
    const t = await store.createToken(token('used'), T0)
    await store.touchToken(t.id, T0 + 5000)
    expect((await store.getToken({ id: t.id }))?.lastUsedAt).toBe(T0 + 5000)
    await store.touchToken(t.id, T0 + 1000)
    expect((await store.getToken({ id: t.id }))?.lastUsedAt).toBe(T0 + 5000)
    await store.touchToken(t.id, T0 + 9000)
    expect((await store.getToken({ id: t.id }))?.lastUsedAt).toBe(T0 + 9000)
  })
})
