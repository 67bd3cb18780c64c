// A token's last use is written at most once a minute per token and process, off the request's
// path; a write that fails is logged at debug level and never raised.
import { afterEach, describe, expect, it } from 'vitest'
import { createToken } from '../src/app/tokens/token-admin.js'
import { TokenUse } from '../src/app/tokens/token-use.js'
import { ManualClock } from '../src/clock.js'
import { lineLogger, silentLogger } from '../src/log.js'
import type { Store } from '../src/store/store.js'
import { startTestApp, type TestApp } from './support/app.js'
import { backends, openEachTest } from './support/stores.js'

const T0 = 1_700_000_000_000

describe.each(backends)('TokenUse on $name', (backend) => {
  let store: Store
  let opened: Awaited<ReturnType<typeof backend.open>>
  openEachTest(backend, (o) => {
    opened = o
    store = o.store
  })
  const lastUse = async (id: number) => (await store.getToken({ id }))?.lastUsedAt

  it('writes the first use, then none until a minute has passed', async () => {
    const { token } = await createToken(store, { name: 'ci', scope: 'read', createdBy: 'test' }, T0)
    const use = new TokenUse(store, silentLogger)
    await use.used(token.id, T0 + 1000)
    expect(await lastUse(token.id)).toBe(T0 + 1000)
    await use.used(token.id, T0 + 31_000)
    await use.used(token.id, T0 + 60_999)
    expect(await lastUse(token.id)).toBe(T0 + 1000)
    await use.used(token.id, T0 + 61_000)
    expect(await lastUse(token.id)).toBe(T0 + 61_000)
  })

  it('throttles each token on its own', async () => {
    const a = (await createToken(store, { name: 'a', scope: 'read', createdBy: 'test' }, T0)).token
    const b = (await createToken(store, { name: 'b', scope: 'read', createdBy: 'test' }, T0)).token
    const use = new TokenUse(store, silentLogger)
    await use.used(a.id, T0)
    await use.used(b.id, T0 + 10_000)
    expect([await lastUse(a.id), await lastUse(b.id)]).toEqual([T0, T0 + 10_000])
  })

  it('logs a failed write at debug level and resolves', async () => {
    const { token } = await createToken(store, { name: 'ci', scope: 'read', createdBy: 'test' }, T0)
    const lines: string[] = []
    const use = new TokenUse(
      store,
      lineLogger((l) => lines.push(l), false, true),
    )
    await opened.store.close()
    await expect(use.used(token.id, T0)).resolves.toBeUndefined()
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(/ debug could not record a token use token=\d+ error=/)
    // without debug lines asked for, nothing is written
    const quiet: string[] = []
    await new TokenUse(
      store,
      lineLogger((l) => quiet.push(l)),
    ).used(token.id, T0)
    expect(quiet).toEqual([])
  })
})

describe('last_used_at through the API, with the server clock', () => {
  let t: TestApp | undefined
  afterEach(async () => {
    await t?.close()
    t = undefined
  })

  it('is written by the first request and not again within 60 s', async () => {
    const clock = new ManualClock(T0)
    t = await startTestApp({}, { clock })
    const app = t
    const made = await app.api<{ id: number; token: string }>('POST', '/tokens', {
      name: 'ci',
      scope: 'read',
    })
    expect(made.status).toBe(201)
    const get = async () => {
      const res = await fetch(`${app.url}/api/v1/jobs`, {
        headers: { Authorization: `Bearer ${made.body.token}` },
      })
      expect(res.status).toBe(200)
    }
    // a write, had the request queued one, is done once a later request has gone through the store
    const settled = () => app.api('GET', '/info')
    const lastUse = async () => {
      await settled()
      return (await app.app.store.inProject(1).getToken({ id: made.body.id }))?.lastUsedAt
    }
    expect(await lastUse()).toBeNull()
    await get()
    expect(await lastUse()).toBe(T0)
    clock.advance(30_000)
    await get()
    clock.advance(29_999)
    await get()
    expect(await lastUse()).toBe(T0)
    clock.advance(1)
    await get()
    expect(await lastUse()).toBe(T0 + 60_000)
  })
})
