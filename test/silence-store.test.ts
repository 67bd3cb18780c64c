// The silences part of the Store contract, once per backend (SQLite always, PostgreSQL when configured).
import { describe, expect, it } from 'vitest'
import { applySilences } from '../src/app/config/apply-silences.js'
import type { NewSilence } from '../src/domain/silence.js'
import { newDelivery, notificationFor } from '../src/notify/outbox/new-delivery.js'
import type { Store } from '../src/store/store.js'
import { alertView, openTestAlert } from './support/outbox.js'
import { backends, openEachTest } from './support/stores.js'

const T0 = 1_700_000_000_000
const H = 3_600_000

const silence = (over: Partial<NewSilence> = {}): NewSilence => ({
  name: null,
  match: { servers: ['nas'] },
  startsAt: T0,
  endsAt: T0 + H,
  author: 'alice',
  comment: null,
  source: 'api',
  ...over,
})

describe.each(backends)('silences store on $name', (backend) => {
  let store: Store
  openEachTest(backend, (o) => {
    store = o.store
  })

  it('creates, reads, updates and lists silences by state', async () => {
    const a = await store.createSilence(silence({ name: 'a', comment: 'why' }), T0)
    const b = await store.createSilence(silence({ startsAt: T0 + 2 * H, endsAt: T0 + 3 * H }), T0)
    expect(await store.getSilence({ name: 'a' })).toEqual(a)
    expect(a).toMatchObject({
      match: { servers: ['nas'] },
      author: 'alice',
      comment: 'why',
      releasedAt: null,
    })
    const ids = async (state?: 'active' | 'pending' | 'expired', now = T0) =>
      (await store.listSilences({ ...(state && { state }), now }, { limit: 50, cursor: null })).items.map(
        (s) => s.id,
      )
    expect(await ids()).toEqual([b.id, a.id])
    expect(await ids('active')).toEqual([a.id])
    expect(await ids('pending')).toEqual([b.id])
    expect(await ids('expired', T0 + H)).toEqual([a.id])
    expect((await store.activeSilences(T0 + 2 * H)).map((s) => s.id)).toEqual([b.id])
    const updated = await store.updateSilence(a.id, { comment: 'changed', endsAt: T0 + 4 * H }, T0 + 5)
    expect(updated).toMatchObject({ comment: 'changed', endsAt: T0 + 4 * H, updatedAt: T0 + 5 })
    expect(await store.updateSilence(999, { comment: 'x' }, T0)).toBeNull()
    expect(await store.deleteSilence(b.id)).toBe(true)
    expect(await store.getSilence({ id: b.id })).toBeNull()
  })

  it('hands out each ended silence once, and a changed end again', async () => {
    const s = await store.createSilence(silence(), T0)
    expect(await store.nextSilenceEnd()).toBe(T0 + H)
    expect(await store.markSilencesReleased(T0 + H - 1)).toBe(0)
    expect(await store.markSilencesReleased(T0 + H)).toBe(1)
    expect(await store.markSilencesReleased(T0 + H)).toBe(0)
    expect(await store.nextSilenceEnd()).toBeNull()
    await store.updateSilence(s.id, { endsAt: T0 + 2 * H }, T0 + H)
    expect(await store.nextSilenceEnd()).toBe(T0 + 2 * H)
  })

  it('finds suppressed openings of active alerts and releases each once', async () => {
    const a = await openTestAlert(store)
    const n = notificationFor(alertView(a), 'opened', 'ops', T0)
    await store.enqueueDeliveries([newDelivery('ops', n, { status: 'suppressed' })], T0)
    expect(await store.openingStatus(a, 'ops')).toBe('suppressed')
    expect(await store.openingStatus(a, 'other')).toBeNull()
    const [row] = await store.suppressedOpenings()
    expect(row).toMatchObject({ alertId: a, transition: 'opened', status: 'suppressed' })
    expect(await store.releaseSuppressed(row!.id, '{"x":1}', T0 + H)).toBe(true)
    expect(await store.releaseSuppressed(row!.id, '{"x":2}', T0 + H)).toBe(false)
    expect(await store.suppressedOpenings()).toEqual([])
    const [after] = await store.deliveriesForAlert(a)
    expect(after).toMatchObject({ status: 'pending', payload: '{"x":1}', nextAttemptAt: T0 + H })
  })

  it('syncs the config file: created, updated when changed, ended when removed; API ones stay', async () => {
    const spec = { name: 'nas', match: { servers: ['nas'] }, endsAt: T0 + 9 * H, author: 'ops' }
    await store.createSilence(silence({ name: 'api-one', endsAt: T0 + 9 * H }), T0)
    await applySilences(store, [spec], T0)
    const first = await store.getSilence({ name: 'nas' })
    expect(first).toMatchObject({ source: 'config', startsAt: T0, endsAt: T0 + 9 * H, author: 'ops' })
    await applySilences(store, [spec], T0 + H) // unchanged: kept as is (its start does not move)
    expect(await store.getSilence({ name: 'nas' })).toEqual(first)
    await applySilences(store, [{ ...spec, comment: 'longer', endsAt: T0 + 12 * H }], T0 + 2 * H)
    expect(await store.getSilence({ name: 'nas' })).toMatchObject({ comment: 'longer', endsAt: T0 + 12 * H })
    await applySilences(store, [], T0 + 3 * H)
    expect(await store.getSilence({ name: 'nas' })).toMatchObject({ endsAt: T0 + 3 * H })
    expect(await store.getSilence({ name: 'api-one' })).toMatchObject({ endsAt: T0 + 9 * H, source: 'api' })
  })
})
