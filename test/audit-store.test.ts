// The audit log part of the Store contract, once per backend: recording in the caller's
// transaction, newest-first paging, the filters, and one project never seeing another's events.
import { describe, expect, it } from 'vitest'
import { type AuditChange, type AuditEventRecord, target } from '../src/domain/audit.js'
import type { AuditFilter } from '../src/store/roles/audit-store.js'
import type { Store } from '../src/store/store.js'
import { backends, openEachTest } from './support/stores.js'

const T0 = 1_700_000_000_000
const alice = { kind: 'user', id: 7, name: 'alice' } as const
const ci = { kind: 'token', id: 3, name: 'ci' } as const
const file = { kind: 'config', id: null, name: '/etc/backwatch.yaml' } as const

const change = (action: string, name: string, id = 1): AuditChange => ({
  action,
  target: target(action.split('.')[0]!, id, name),
  details: { fields: ['grace'] },
})

describe.each(backends)('audit store on $name', (backend) => {
  let store: Store
  openEachTest(backend, (o) => {
    store = o.store
  })

  const all = async (filter: AuditFilter = {}, limit = 50): Promise<AuditEventRecord[]> => {
    const out: AuditEventRecord[] = []
    let cursor: string | null = null
    do {
      const page = await store.listAudit(filter, { limit, cursor })
      out.push(...page.items)
      cursor = page.nextCursor
    } while (cursor !== null)
    return out
  }

  it('records an event with its actor, target, details and address', async () => {
    await store.recordAudit({ ...change('job.created', 'db-nightly', 12), actor: alice, ip: '10.0.0.5' }, T0)
    const [event] = (await store.listAudit({}, { limit: 10, cursor: null })).items
    expect(event).toEqual({
      id: expect.any(Number),
      projectId: 1,
      at: T0,
      actor: alice,
      action: 'job.created',
      target: { kind: 'job', id: '12', name: 'db-nightly' },
      details: { fields: ['grace'] },
      ip: '10.0.0.5',
    })
  })

  it('lists newest first across pages, ties broken by id', async () => {
    for (let i = 0; i < 7; i++)
      await store.recordAudit(
        { ...change('job.updated', `j${i}`), actor: alice, ip: null },
        T0 + Math.floor(i / 2),
      )
    const events = await all({}, 3)
    expect(events.map((e) => e.target.name)).toEqual(['j6', 'j5', 'j4', 'j3', 'j2', 'j1', 'j0'])
  })

  it('filters by action or family, target, actor and time', async () => {
    await store.recordAudit({ ...change('job.created', 'a'), actor: alice, ip: null }, T0)
    await store.recordAudit({ ...change('job.paused', 'a'), actor: ci, ip: null }, T0 + 1)
    await store.recordAudit({ ...change('silence.created', 'maint', 4), actor: alice, ip: null }, T0 + 2)
    await store.recordAudit({ ...change('job_x.created', 'other'), actor: file, ip: null }, T0 + 3)
    const actions = async (f: AuditFilter) => (await all(f)).map((e) => e.action)
    expect(await actions({ action: 'job.paused' })).toEqual(['job.paused'])
    // `job.*` is the family, not job_x.*
    expect(await actions({ action: 'job.*' })).toEqual(['job.paused', 'job.created'])
    expect(await actions({ targetKind: 'silence' })).toEqual(['silence.created'])
    expect(await actions({ targetKind: 'silence', targetRef: '4' })).toEqual(['silence.created'])
    expect(await actions({ targetKind: 'job', targetRef: 'a' })).toEqual(['job.paused', 'job.created'])
    expect(await actions({ actor: 'alice' })).toEqual(['silence.created', 'job.created'])
    expect(await actions({ actor: 'config' })).toEqual(['job_x.created'])
    expect(await actions({ since: T0 + 2 })).toEqual(['job_x.created', 'silence.created'])
  })

  it('is written in the caller transaction: a rolled-back change leaves no event', async () => {
    await expect(
      store.transaction(async (tx) => {
        await tx.recordAudit({ ...change('job.deleted', 'gone'), actor: alice, ip: null }, T0)
        throw new Error('rolled back')
      }),
    ).rejects.toThrow('rolled back')
    expect(await all()).toEqual([])
  })

  it('keeps each project to its own events; deleting a project deletes them', async () => {
    const other = await store.createProject(
      { slug: 'acme', name: 'Acme', pingKey: 'acme-key-0001', source: 'api' },
      T0,
    )
    const acme = store.inProject(other.id)
    await store.recordAudit({ ...change('job.created', 'ours'), actor: alice, ip: null }, T0)
    await acme.recordAudit({ ...change('job.created', 'theirs'), actor: alice, ip: null }, T0)
    expect((await all()).map((e) => e.target.name)).toEqual(['ours'])
    expect(
      (await acme.listAudit({}, { limit: 10, cursor: null })).items.map((e) => [e.target.name, e.projectId]),
    ).toEqual([['theirs', other.id]])
    await store.deleteProject(other.id)
    expect((await acme.listAudit({}, { limit: 10, cursor: null })).items).toEqual([])
    expect(await all()).toHaveLength(1)
  })
})
