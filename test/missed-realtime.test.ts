// The evaluator's own timer, in real time: every 2s, grace 1s → job.missed about 3 s after the ping.
import { afterAll, expect, it } from 'vitest'
import { eventually, startTestApp, type TestApp } from './support/app.js'

const UUID = '0d9e8f7a-6b5c-4d3e-8f21-0a9b8c7d6e5f'
let t: TestApp | null = null
afterAll(() => t?.close())

it('opens job.missed within a second of the deadline, by the evaluator’s timer alone', async () => {
  t = await startTestApp({ jobs: [{ slug: 'fast', uuid: UUID, schedule: { every: 2000 }, grace: 1000 }] })
  const res = await fetch(`${t.url}/ping/${UUID}`)
  expect(res.status).toBe(200)
  const job = (await t.app.store.inProject(1).getJob({ uuid: UUID }))!
  const deadline = job.lastPingAt! + 3000
  const alert = await eventually(async () => {
    const page = await t!.app.store
      .inProject(1)
      .listAlerts({ job: job.id, status: 'active' }, { limit: 5, cursor: null })
    return page.items[0]
  }, 6000)
  expect(alert.type).toBe('job.missed')
  expect(alert.openedAt).toBeGreaterThanOrEqual(deadline)
  expect(alert.openedAt - deadline).toBeLessThan(1000)
  expect((await t.app.store.inProject(1).getJob({ uuid: UUID }))!.status).toBe('down')
})
