// The health rules wired into ingestion and the evaluator, driven through the HTTP API with an
// injected clock: each alert opens where its condition holds and resolves with the fixing event.
import { afterEach, describe, expect, it } from 'vitest'
import { ManualClock } from '../src/clock.js'
import type { PolicyOverride } from '../src/domain/policy.js'
import { resettleJobs } from '../src/evaluate/resettle.js'
import { startTestApp, type TestApp } from './support/app.js'

const T0 = Date.parse('2026-11-02T10:00:00Z')
const H = 3_600_000
const D = 24 * H

let t: TestApp | null = null
let clock: ManualClock
afterEach(async () => {
  await t?.close()
  t = null
})

// biome-ignore lint/suspicious/noExplicitAny: test responses are read loosely
type Json = any

async function start() {
  clock = new ManualClock(T0)
  t = await startTestApp({}, { clock })
  return t
}

async function policy(environment: string, p: PolicyOverride) {
  await t!.app.store
    .inProject(1)
    .putPolicy({ environment, policy: p, jobDefaults: null, source: 'api' }, clock.now())
  await resettleJobs(t!.app.store.inProject(1), clock, environment, () => {})
}

async function run(job: string, fields: Record<string, unknown>) {
  const res = await t!.api<Json>('POST', '/runs', { job, create: true, ...fields })
  expect(res.status, JSON.stringify(res.body)).toBeLessThan(300)
  return res.body
}

async function active(job?: string): Promise<Record<string, { severity: string; summary: string }>> {
  const q = job ? `&job=${job}` : ''
  const res = await t!.api<Json>('GET', `/alerts?status=active&limit=500${q}`)
  return Object.fromEntries(
    res.body.items.map((a: Json) => [
      `${a.job ?? a.server}:${a.type}`,
      { severity: a.severity, summary: a.summary },
    ]),
  )
}

async function tick(ms: number) {
  clock.advance(ms)
  await t!.app.evaluator.kick()
}

describe('health rules in evaluation', () => {
  it('job.stale opens at last success + max_age and resolves with the next success', async () => {
    await start()
    await t!.api('POST', '/jobs', {
      slug: 'db-nightly',
      environment: 'production',
      schedule: { every: '7d' },
    })
    await run('db-nightly', { environment: 'production', server: 'db1', exit_code: 0 })
    await policy('production', { maxAge: 26 * H })
    await tick(26 * H - 1)
    expect(await active('db-nightly')).toEqual({})
    await tick(1)
    expect(await active('db-nightly')).toEqual({
      'db-nightly:job.stale': {
        severity: 'critical',
        summary:
          'No successful backup of db1/db-nightly for 26 h (policy: 26 h); last success 2026-11-02 10:00 UTC',
      },
    })
    await run('db-nightly', { exit_code: 0 })
    expect(await active('db-nightly')).toEqual({})
  })

  it('a policy changed through the API re-evaluates the jobs of its environment at once', async () => {
    await start()
    await t!.api('POST', '/jobs', { slug: 'pg', environment: 'production', schedule: { every: '7d' } })
    await t!.api('POST', '/jobs', { slug: 'dev-pg', environment: 'development', schedule: { every: '7d' } })
    await run('pg', { exit_code: 0 })
    await run('dev-pg', { exit_code: 0 })
    await tick(30 * H)
    expect(await active()).toEqual({})
    const put = await t!.api('PUT', '/policies/production', { max_age: '26h' })
    expect(put.status).toBe(200)
    expect(Object.keys(await active())).toEqual(['pg:job.stale'])
    await t!.api('DELETE', '/policies/production')
    expect(await active()).toEqual({})
  })

  it('locked failures are warnings until the third in a row, canceled runs are info', async () => {
    await start()
    const locked = {
      exit_code: 1,
      tool: 'restic',
      error: 'unable to create lock in backend: repository is already locked',
    }
    await run('web', locked)
    expect((await active('web'))['web:job.failed']?.severity).toBe('warning')
    await run('web', locked)
    expect((await active('web'))['web:job.failed']?.severity).toBe('warning')
    await run('web', locked)
    const third = (await active('web'))['web:job.failed']
    expect(third?.severity).toBe('critical')
    expect(third?.summary).toContain('3 times in a row')
    await run('web', { exit_code: 0 })
    expect(await active('web')).toEqual({})
    await run('web', { exit_code: 130 })
    expect((await active('web'))['web:job.failed']?.severity).toBe('info')
  })

  it('a locked failure turns critical once the job is stale', async () => {
    await start()
    await run('nas', { environment: 'staging', exit_code: 0 })
    await policy('staging', { maxAge: 2 * D })
    await tick(D)
    await run('nas', { exit_code: 11, tool: 'restic' })
    expect((await active('nas'))['nas:job.failed']?.severity).toBe('warning')
    await tick(D)
    const alerts = await active('nas')
    expect(alerts['nas:job.stale']?.severity).toBe('critical')
    expect(alerts['nas:job.failed']?.severity).toBe('critical')
  })

  it('job.warning for a run with warnings, resolved by a clean run', async () => {
    await start()
    await run('laptop', {
      exit_code: 3,
      tool: 'restic',
      error: 'Warning: at least one source file could not be read',
    })
    expect(await active('laptop')).toEqual({
      'laptop:job.warning': {
        severity: 'warning',
        summary:
          'Backup laptop finished with warnings (exit status 3): Warning: at least one source file could not be read',
      },
    })
    await run('laptop', { exit_code: 0 })
    expect(await active('laptop')).toEqual({})
  })

  it('job.size_anomaly against the median of the previous runs, and nothing new backed up', async () => {
    await start()
    for (let i = 0; i < 5; i++)
      await run('files', { exit_code: 0, size_bytes: 4_000_000_000, added_bytes: 1_000_000 })
    expect(await active('files')).toEqual({})
    await run('files', { exit_code: 0, size_bytes: 1_000_000_000, added_bytes: 1_000_000 })
    const alert = (await active('files'))['files:job.size_anomaly']
    expect(alert?.severity).toBe('warning')
    expect(alert?.summary).toContain('0.25×')
    await run('files', { exit_code: 0, size_bytes: 4_100_000_000, added_bytes: 1_000_000 })
    expect(await active('files')).toEqual({})
    for (let i = 0; i < 3; i++)
      await run('files', { exit_code: 0, size_bytes: 4_100_000_000, added_bytes: 0 })
    expect((await active('files'))['files:job.size_anomaly']?.summary).toContain('nothing new')
  })

  it('job.check_overdue from check_max_age, resolved by a successful check run', async () => {
    await start()
    await t!.api('POST', '/jobs', { slug: 'repo', environment: 'production', schedule: { every: '30d' } })
    await run('repo', { exit_code: 0 })
    await policy('production', { checkMaxAge: 8 * D })
    await tick(8 * D)
    expect(Object.keys(await active('repo'))).toEqual(['repo:job.check_overdue'])
    await run('repo', { kind: 'check', exit_code: 0 })
    expect(await active('repo')).toEqual({})
    // a failed check is an alert of its own; the backup is still fine
    await run('repo', { kind: 'check', exit_code: 1, error: 'Fatal: repository contains errors' })
    expect((await active('repo'))['repo:job.failed']?.summary).toBe(
      'Check failed: repo (exit status 1): Fatal: repository contains errors',
    )
  })

  it('job.retention_violation when the declared retention is below the policy minimum', async () => {
    await start()
    await t!.api('POST', '/jobs', {
      slug: 'mail',
      environment: 'production',
      retention: { keep_daily: 3, keep_weekly: 4 },
    })
    await policy('production', { retention: { minDaily: 7 } })
    expect((await active('mail'))['mail:job.retention_violation']?.severity).toBe('warning')
    await t!.api('PATCH', '/jobs/mail', { retention: { keep_daily: 7, keep_weekly: 4 } })
    expect(await active('mail')).toEqual({})
  })

  it('server.unprotected for a server without jobs or with only paused jobs', async () => {
    await start()
    await t!.api('POST', '/servers/web-7/heartbeat')
    expect((await active())['web-7:server.unprotected']?.summary).toBe('Server web-7 has no backup job')
    await run('web-7-files', { server: 'web-7', exit_code: 0 })
    expect(await active()).toEqual({})
    await t!.api('POST', '/jobs/web-7-files/pause')
    expect((await active())['web-7:server.unprotected']?.summary).toBe(
      'Server web-7 has only paused backup jobs (1)',
    )
    await t!.api('POST', '/jobs/web-7-files/resume')
    expect(await active()).toEqual({})
  })

  it('a missed run on an offline server names the server as the likely cause', async () => {
    await start()
    await t!.api('POST', '/servers/db2/heartbeat', { heartbeat_timeout: '10m' })
    await t!.api('POST', '/jobs', {
      slug: 'db2-hourly',
      server: 'db2',
      schedule: { every: '1h' },
      grace: '10m',
    })
    await run('db2-hourly', { exit_code: 0 })
    await tick(70 * 60_000)
    const alerts = await active()
    expect(alerts['db2:server.offline']).toBeDefined()
    expect(alerts['db2-hourly:job.missed']?.summary).toContain(
      '; server db2 has been offline since 2026-11-02 10:10 UTC (no heartbeat), the likely cause',
    )
  })

  it('max_age is absolute time across a DST change (Europe/Berlin, 2026-03-29)', async () => {
    clock = new ManualClock(Date.parse('2026-03-28T02:30:00Z'))
    t = await startTestApp({}, { clock })
    await t.api('POST', '/jobs', {
      slug: 'dst',
      environment: 'production',
      schedule: { cron: '30 3 * * *', tz: 'Europe/Berlin' },
      grace: '2h',
    })
    await run('dst', { exit_code: 0 })
    await policy('production', { maxAge: 26 * H })
    const job = await t.app.store.inProject(1).getJob({ slug: 'dst' })
    expect(job?.nextDueAt).toBe(Date.parse('2026-03-29T01:30:00Z'))
    await tick(Date.parse('2026-03-29T04:30:00Z') - 1 - clock.now())
    expect((await active('dst'))['dst:job.stale']).toBeUndefined()
    await tick(1)
    expect((await active('dst'))['dst:job.stale']?.summary).toContain('for 26 h (policy: 26 h)')
  })
})
