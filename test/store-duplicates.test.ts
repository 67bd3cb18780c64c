// A write that hits a unique key throws the store's DuplicateError (the API answers it with a
// 409), on every backend; the database's message is kept.
import { describe, expect, it } from 'vitest'
import { defaultJob } from '../src/app/jobs/job-defaults.js'
import { DuplicateError } from '../src/store/duplicate-error.js'
import type { Store } from '../src/store/store.js'
import { T0 } from './support/builders.js'
import { backends, openEachTest } from './support/stores.js'

const job = (slug: string, uuid?: string) => {
  const j = { ...defaultJob(slug), name: slug, tool: 'restic' }
  return uuid ? { ...j, uuid } : j
}
const server = (name: string) => ({ name, environment: null, tags: [], heartbeatTimeout: null })
const silence = (name: string) => ({
  name,
  match: { servers: ['nas'] },
  startsAt: T0,
  endsAt: T0 + 1000,
  author: null,
  comment: null,
  source: 'api' as const,
})

describe.each(backends)('duplicate keys on $name', (backend) => {
  let store: Store
  openEachTest(backend, (opened) => {
    store = opened.store
  })

  it('a job slug or uuid taken, on create and on rename', async () => {
    const a = await store.createJob(job('a'), T0)
    const b = await store.createJob(job('b'), T0)
    await expect(store.createJob(job('a'), T0)).rejects.toBeInstanceOf(DuplicateError)
    await expect(store.createJob(job('c', a.uuid), T0)).rejects.toBeInstanceOf(DuplicateError)
    await expect(store.updateJobSettings(b.id, { slug: 'a' }, T0)).rejects.toBeInstanceOf(DuplicateError)
    await expect(store.updateChangedJobSettings(b.id, { slug: 'a' }, T0)).rejects.toBeInstanceOf(
      DuplicateError,
    )
  })

  it('a server name taken, on create and on rename', async () => {
    await store.createServer(server('web'), T0)
    const db = await store.createServer(server('db'), T0)
    await expect(store.createServer(server('web'), T0)).rejects.toBeInstanceOf(DuplicateError)
    await expect(store.updateServer(db.id, { name: 'web' }, T0)).rejects.toBeInstanceOf(DuplicateError)
  })

  it('a silence name taken, on create and on rename', async () => {
    await store.createSilence(silence('a'), T0)
    const b = await store.createSilence(silence('b'), T0)
    await expect(store.createSilence(silence('a'), T0)).rejects.toBeInstanceOf(DuplicateError)
    await expect(store.updateSilence(b.id, { name: 'a' }, T0)).rejects.toBeInstanceOf(DuplicateError)
  })

  it('other failures stay what they were', async () => {
    const j = await store.createJob(job('x'), T0)
    const err = await store.updateJobSettings(j.id, { server_id: 987_654 }, T0).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(Error)
    expect(err).not.toBeInstanceOf(DuplicateError)
  })
})
