// The evaluator with an injected clock: grace, down, missed and long-running alerts, restarts.
import { afterEach, describe, expect, it } from 'vitest'
import { ManualClock } from '../src/clock.js'
import type { Config } from '../src/config/config.js'
import { silentLogger } from '../src/log.js'
import { type Backwatch, startBackwatch } from '../src/server/start-backwatch.js'
import { tempDir, testConfig } from './support/app.js'

const T0 = Date.parse('2026-11-22T10:00:00Z')
const UUID = '5e0c1d2a-3b4c-4d5e-8f60-718293a4b5c6'
const MIN = 60_000

let app: Backwatch | null = null
const tmp = tempDir()
afterEach(async () => {
  await app?.stop()
  app = null
})

async function start(clock: ManualClock, jobs: Config['jobs'], dir = tmp.dir) {
  app = await startBackwatch(testConfig(dir, { jobs }), { clock, log: silentLogger })
  return app
}

async function ping(path: string) {
  const res = await fetch(`${app!.url}/ping/${UUID}${path}`)
  expect(res.status).toBe(200)
}

async function state() {
  const job = (await app!.store.getJob({ uuid: UUID }))!
  const alerts = await app!.store.listAlerts({ job: job.id }, { limit: 50, cursor: null })
  return { job, alerts: alerts.items.map((a) => `${a.type}:${a.status}`) }
}

describe('evaluator', () => {
  it('moves a job to grace at the expected time, down after grace, and opens job.missed', async () => {
    const clock = new ManualClock(T0)
    const d = tempDir()
    await start(
      clock,
      [{ slug: 'hourly', uuid: UUID, schedule: { every: 60 * MIN }, grace: 10 * MIN }],
      d.dir,
    )
    expect((await state()).job.status).toBe('new')
    await ping('')
    let s = await state()
    expect(s.job.status).toBe('up')
    expect(s.job.nextDueAt).toBe(T0 + 60 * MIN)

    clock.set(T0 + 60 * MIN - 1)
    await app!.evaluator.kick()
    expect((await state()).job.status).toBe('up')

    clock.set(T0 + 60 * MIN)
    await app!.evaluator.kick()
    s = await state()
    expect(s.job.status).toBe('grace')
    expect(s.job.nextDueAt).toBe(T0 + 70 * MIN)
    expect(s.alerts).toEqual([])

    clock.set(T0 + 70 * MIN)
    await app!.evaluator.kick()
    s = await state()
    expect(s.job.status).toBe('down')
    expect(s.alerts).toEqual(['job.missed:active'])
    const [alert] = (await app!.store.listAlerts({ status: 'active' }, { limit: 5, cursor: null })).items
    expect(alert!.summary).toContain('hourly')
    expect(alert!.openedAt).toBe(T0 + 70 * MIN)

    // Evaluating again does not open a second alert.
    clock.advance(MIN)
    await app!.evaluator.kick()
    expect((await state()).alerts).toEqual(['job.missed:active'])

    await ping('')
    s = await state()
    expect(s.job.status).toBe('up')
    expect(s.alerts).toEqual(['job.missed:resolved'])
    d.cleanup()
  })

  it('an open start goes down after max_duration with job.long_running', async () => {
    const clock = new ManualClock(T0)
    const d = tempDir()
    await start(
      clock,
      [{ slug: 'slow', uuid: UUID, schedule: { every: 1440 * MIN }, grace: 60 * MIN, maxDuration: 30 * MIN }],
      d.dir,
    )
    await ping('')
    clock.advance(MIN)
    await ping('/start')
    let s = await state()
    expect(s.job.nextDueAt).toBe(T0 + 31 * MIN)
    clock.set(T0 + 31 * MIN)
    await app!.evaluator.kick()
    s = await state()
    expect(s.job.status).toBe('down')
    expect(s.job.downReason).toBe('long_running')
    expect(s.alerts).toEqual(['job.long_running:active'])
    clock.advance(MIN)
    await ping('')
    s = await state()
    expect(s.job.status).toBe('up')
    expect(s.alerts).toEqual(['job.long_running:resolved'])
    d.cleanup()
  })

  it('a new job with only a start never goes down; a paused job neither', async () => {
    const clock = new ManualClock(T0)
    const d = tempDir()
    await start(clock, [{ slug: 'fresh', uuid: UUID, schedule: { every: MIN }, grace: MIN }], d.dir)
    await ping('/start')
    clock.advance(1000 * MIN)
    await app!.evaluator.kick()
    expect((await state()).job.status).toBe('new')
    d.cleanup()
  })

  it('is correct after a restart that happened while deadlines passed', async () => {
    const clock = new ManualClock(T0)
    const d = tempDir()
    const jobs = [
      { slug: 'nightly', uuid: UUID, schedule: { cron: '0 2 * * *', tz: 'Europe/Berlin' }, grace: 60 * MIN },
    ]
    await start(clock, jobs, d.dir)
    await ping('')
    await app!.stop()
    app = null
    // Down for three days: the next 02:00 Berlin (01:00Z) and its grace have long passed.
    clock.set(T0 + 3 * 1440 * MIN)
    await start(clock, jobs, d.dir)
    await app!.evaluator.kick()
    const s = await state()
    expect(s.job.status).toBe('down')
    expect(s.alerts).toEqual(['job.missed:active'])
    d.cleanup()
  })
})
