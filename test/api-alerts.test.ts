import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type ApiApp, eventually, READ_TOKEN, startApiApp } from './support/api-app.js'

const ISO_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/

interface AlertView {
  id: number
  type: string
  status: string
  job: string | null
  severity: string
}

describe('API /alerts', () => {
  let t: ApiApp
  beforeAll(async () => {
    t = await startApiApp()
  })
  afterAll(async () => {
    await t.stop()
  })

  it('lists the job.failed alert a /fail ping opens, with filters, and resolves it on success', async () => {
    const job = (await t.call('/jobs', { method: 'POST', json: { slug: 'nightly', server: 'db-1' } })).body
    const other = (await t.call('/jobs', { method: 'POST', json: { slug: 'quiet' } })).body
    expect((await fetch(`${t.url}/ping/${job.uuid}/fail`, { method: 'POST', body: 'boom' })).status).toBe(200)

    const alert = await eventually(async () => {
      const res = await t.call('/alerts?status=active&job=nightly', { token: READ_TOKEN })
      return (res.body.items as AlertView[]).find((a) => a.type === 'job.failed')
    })
    expect(alert).toEqual({
      id: expect.any(Number),
      type: 'job.failed',
      severity: expect.stringMatching(/^(critical|warning|info)$/),
      status: 'active',
      job: 'nightly',
      server: 'db-1',
      summary: expect.any(String),
      details: expect.any(Object),
      opened_at: expect.stringMatching(ISO_RE),
      resolved_at: null,
      silenced_by: null,
    })
    expect((await t.call(`/alerts/${alert.id}`)).body).toEqual(alert)
    expect((await t.call('/alerts?type=job.failed')).body.items).toHaveLength(1)
    expect((await t.call('/alerts?server=db-1')).body.items).toHaveLength(1)
    expect((await t.call(`/alerts?job=${other.id}`)).body.items).toHaveLength(0)
    expect((await t.call('/alerts?status=resolved')).body.items).toHaveLength(0)
    expect((await t.call(`/alerts?severity=${alert.severity}`)).body.items).toHaveLength(1)

    expect((await fetch(`${t.url}/ping/${job.uuid}`)).status).toBe(200)
    const resolved = await eventually(async () => {
      const res = await t.call('/alerts?status=resolved')
      return (res.body.items as AlertView[]).find((a) => a.id === alert.id)
    })
    expect(resolved).toMatchObject({ status: 'resolved', resolved_at: expect.stringMatching(ISO_RE) })
    expect((await t.call('/alerts?status=active')).body.items).toHaveLength(0)
  })

  it('validates alert filters and ids', async () => {
    for (const q of [
      'status=open',
      'severity=huge',
      'type=job.exploded',
      'job=ghost',
      'server=ghost',
      'limit=0',
    ]) {
      const res = await t.call(`/alerts?${q}`)
      expect(res.status).toBe(400)
      expect(res.body.error.code).toBe('invalid_request')
    }
    expect((await t.call('/alerts/424242')).status).toBe(404)
    expect((await t.call('/alerts/x')).status).toBe(404)
  })
})
