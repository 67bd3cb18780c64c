// Policies per environment: /api/v1/policies, config-file policies, a job's own override and its
// effective policy in the Job JSON, job_defaults set through the API; the PolicyCache and the
// config bootstrap against a real SQLite store.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { applyConfig } from '../src/app/config/apply-config.js'
import { DEFAULT_POLICY, effectivePolicy, type PolicyOverride } from '../src/domain/policy.js'
import { PolicyCache } from '../src/evaluate/policy-cache.js'
import { openStore } from '../src/store/open-store.js'
import type { Store } from '../src/store/store.js'
import { type ApiApp, INGEST_TOKEN, READ_TOKEN, startApiApp } from './support/api-app.js'
import { testConfig } from './support/app.js'

const ISO_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/

/** SPEC §7's production policy, as sent. */
const PRODUCTION = {
  max_age: '26h',
  check_max_age: '8d',
  retention: { min_history: '30d', min_daily: 7, min_weekly: 4, min_monthly: 6 },
  size_anomaly: { low: 0.5, high: 2.0, min_samples: 5 },
  lock_failures: { warn_until: 3 },
}

/** …as shown: durations in their shortest exact spelling (formatDuration). */
const PRODUCTION_SHOWN = {
  ...PRODUCTION,
  max_age: '1d2h',
  check_max_age: '1w1d',
  retention: { ...PRODUCTION.retention, min_history: '4w2d' },
}

const BUILT_IN = {
  max_age: null,
  check_max_age: null,
  restore_test_max_age: null,
  retention: { min_history: null, min_daily: null, min_weekly: null, min_monthly: null },
  size_anomaly: { low: 0.5, high: 2, min_samples: 5, zero_added_runs: 3 },
  lock_failures: { warn_until: 3 },
  deletion_alert: true,
}

describe('API /policies', () => {
  let t: ApiApp
  beforeEach(async () => {
    t = await startApiApp({
      policies: {
        staging: { policy: { maxAge: 172_800_000 }, jobDefaults: { grace: 5_400_000 } },
      },
    })
  })
  afterEach(async () => {
    await t.stop()
  })

  const put = (env: string, json: unknown, token?: string) =>
    t.call(`/policies/${env}`, { method: 'PUT', json, ...(token && { token }) })

  it('stores, reads, lists and deletes a policy', async () => {
    const created = await put('production', PRODUCTION)
    expect(created.status).toBe(200)
    expect(created.body).toEqual({
      environment: 'production',
      ...PRODUCTION_SHOWN,
      job_defaults: null,
      source: 'api',
      updated_at: expect.stringMatching(ISO_RE),
      effective: {
        max_age: '1d2h',
        check_max_age: '1w1d',
        restore_test_max_age: null,
        retention: { min_history: '4w2d', min_daily: 7, min_weekly: 4, min_monthly: 6 },
        size_anomaly: { low: 0.5, high: 2, min_samples: 5, zero_added_runs: 3 },
        lock_failures: { warn_until: 3 },
        deletion_alert: true,
      },
    })
    expect((await t.call('/policies/production', { token: READ_TOKEN })).body).toEqual(created.body)

    const list = await t.call('/policies', { token: READ_TOKEN })
    expect(list.status).toBe(200)
    expect(list.body.next_cursor).toBeNull()
    expect(
      list.body.items.map((p: { environment: string; source: string }) => [p.environment, p.source]),
    ).toEqual([
      ['production', 'api'],
      ['staging', 'config'],
    ])

    expect((await t.api('/policies/production', { method: 'DELETE' })).status).toBe(204)
    const gone = await t.call('/policies/production')
    expect(gone).toEqual({ status: 404, body: { error: { code: 'not_found', message: 'policy not found' } } })
    expect((await t.call('/policies/production', { method: 'DELETE' })).status).toBe(404)
    expect((await t.call('/policies/nowhere')).status).toBe(404)
  })

  it('replaces the whole policy on PUT: keys left out fall back to the built-in defaults', async () => {
    await put('production', PRODUCTION)
    const replaced = await put('production', { max_age: '2d', job_defaults: { grace: '3h', tags: ['p'] } })
    expect(replaced.status).toBe(200)
    expect(replaced.body).toMatchObject({
      environment: 'production',
      max_age: '2d',
      job_defaults: { grace: '3h', tags: ['p'] },
      effective: { ...BUILT_IN, max_age: '2d' },
    })
    expect(replaced.body).not.toHaveProperty('retention')
    const empty = await put('production', {})
    expect(empty.body.effective).toEqual(BUILT_IN)
    // GET minus the read-only keys is a valid PUT body
    const { environment, source, updated_at, effective, ...body } = (await put('production', PRODUCTION)).body
    expect((await put('production', body)).body).toMatchObject({ ...PRODUCTION_SHOWN, environment })
  })

  it('shows the config file policy with source config, and the API may replace it', async () => {
    const staging = await t.call('/policies/staging')
    expect(staging.body).toMatchObject({
      environment: 'staging',
      max_age: '2d',
      job_defaults: { grace: '1h30m' },
      source: 'config',
      effective: { ...BUILT_IN, max_age: '2d' },
    })
    const replaced = await put('staging', { max_age: '1d' })
    expect(replaced.body).toMatchObject({ max_age: '1d', job_defaults: null, source: 'api' })
  })

  it.each([
    [{ min_age: '1h' }, 'min_age', 'unknown key'],
    [{ max_age: 'soon' }, 'max_age', 'invalid duration "soon" (expected e.g. 90s, 15m, 1h, 1d, 2w)'],
    [{ max_age: 3600 }, 'max_age', 'must be a string, got an integer'],
    [{ retention: { min_daily: -1 } }, 'retention.min_daily', 'must be at least 0'],
    [{ retention: { min_weekly: 'four' } }, 'retention.min_weekly', 'must be an integer, got a string'],
    [{ retention: { keep_daily: 7 } }, 'retention.keep_daily', 'unknown key'],
    [{ size_anomaly: { low: 1.2 } }, 'size_anomaly.low', 'must be less than 1'],
    [{ size_anomaly: { low: 0 } }, 'size_anomaly.low', 'must be greater than 0'],
    [{ size_anomaly: { high: 1 } }, 'size_anomaly.high', 'must be greater than 1'],
    [{ size_anomaly: { min_samples: 0 } }, 'size_anomaly.min_samples', 'must be at least 1'],
    [{ size_anomaly: { zero_added_runs: 1.5 } }, 'size_anomaly.zero_added_runs', 'must be an integer'],
    [{ lock_failures: { warn_until: 0 } }, 'lock_failures.warn_until', 'must be at least 1'],
    [{ lock_failures: 3 }, 'lock_failures', 'must be an object, got an integer'],
    [{ job_defaults: { slug: 'x' } }, 'job_defaults.slug', 'unknown key'],
    [
      { job_defaults: { schedule: { cron: '0 25 * * *' } } },
      'job_defaults.schedule.cron',
      'invalid cron expression "0 25 * * *"',
    ],
    [{ environment: 'production' }, 'environment', 'unknown key'],
  ])('rejects %j naming the field', async (body, path, message) => {
    const res = await put('production', body)
    expect(res.status).toBe(400)
    expect(res.body.error.code).toBe('invalid_request')
    expect(res.body.error.details).toContainEqual({ path, message })
    expect(res.body.error.message).toContain(`${path}: ${message}`)
    expect((await t.call('/policies/production')).status).toBe(404)
  })

  it('rejects a bad environment name and a body that is not a JSON object', async () => {
    const bad = await put('prod%20env', PRODUCTION)
    expect(bad.status).toBe(400)
    expect(bad.body.error.details).toEqual([
      { path: 'environment', message: 'must be 1 to 100 letters, digits, ".", "-" and "_"' },
    ])
    expect((await put('x'.repeat(101), {})).status).toBe(400)
    expect((await put('a.b-c_D9', {})).status).toBe(200)
    const notObject = await t.call('/policies/production', { method: 'PUT', body: '[1]' })
    expect(notObject.status).toBe(400)
    expect(notObject.body.error.code).toBe('invalid_json')
  })

  it('needs read to read and admin to change', async () => {
    await put('production', PRODUCTION)
    expect((await t.call('/policies', { token: null })).status).toBe(401)
    expect((await t.call('/policies/production', { token: INGEST_TOKEN })).status).toBe(200)
    expect((await put('production', {}, READ_TOKEN)).status).toBe(403)
    expect((await put('production', {}, INGEST_TOKEN)).status).toBe(403)
    expect((await t.call('/policies/production', { method: 'DELETE', token: READ_TOKEN })).status).toBe(403)
    expect((await t.call('/policies/production', { method: 'DELETE', token: INGEST_TOKEN })).status).toBe(403)
    expect((await t.call('/policies/production')).body.max_age).toBe('1d2h')
  })

  it('shows a job its own override and its effective policy, following policy changes', async () => {
    await put('production', { max_age: '26h', size_anomaly: { low: 0.4 } })
    const created = await t.call('/jobs', {
      method: 'POST',
      json: {
        slug: 'db',
        environment: 'production',
        policy: { max_age: '3d', retention: { min_daily: 7 }, lock_failures: { warn_until: 5 } },
      },
    })
    expect(created.status).toBe(201)
    expect(created.body.policy).toEqual({
      max_age: '3d',
      retention: { min_daily: 7 },
      lock_failures: { warn_until: 5 },
    })
    expect(created.body.effective_policy).toEqual({
      ...BUILT_IN,
      max_age: '3d',
      retention: { ...BUILT_IN.retention, min_daily: 7 },
      size_anomaly: { ...BUILT_IN.size_anomaly, low: 0.4 },
      lock_failures: { warn_until: 5 },
    })

    // null in the override switches a check off that the environment turns on
    const off = await t.call('/jobs/db', { method: 'PATCH', json: { policy: { max_age: null } } })
    expect(off.body.policy).toEqual({ max_age: null })
    expect(off.body.effective_policy.max_age).toBeNull()

    // the environment's policy changes: the job shows it at once
    await put('production', { max_age: '12h', check_max_age: '1w' })
    const cleared = await t.call('/jobs/db', { method: 'PATCH', json: { policy: null } })
    expect(cleared.body.policy).toBeNull()
    expect(cleared.body.effective_policy).toEqual({ ...BUILT_IN, max_age: '12h', check_max_age: '1w' })

    // an empty override is no override
    expect((await t.call('/jobs/db', { method: 'PATCH', json: { policy: {} } })).body.policy).toBeNull()

    const bad = await t.call('/jobs/db', {
      method: 'PATCH',
      json: { policy: { max_age: '1 day', job_defaults: {} } },
    })
    expect(bad.status).toBe(400)
    expect(bad.body.error.details).toEqual([
      { path: 'policy.max_age', message: 'invalid duration "1 day" (expected e.g. 90s, 15m, 1h, 1d, 2w)' },
      { path: 'policy.job_defaults', message: 'unknown key' },
    ])
  })

  it('gives jobs without a policy of their own environment the `default` policy', async () => {
    await t.call('/jobs', { method: 'POST', json: { slug: 'none' } })
    await t.call('/jobs', { method: 'POST', json: { slug: 'dev', environment: 'development' } })
    await t.call('/jobs', { method: 'POST', json: { slug: 'st', environment: 'staging' } })
    const effective = async () =>
      Object.fromEntries(
        (await t.call('/jobs')).body.items.map(
          (j: { slug: string; effective_policy: { max_age: string } }) => [
            j.slug,
            j.effective_policy.max_age,
          ],
        ),
      )
    expect(await effective()).toEqual({ none: null, dev: null, st: '2d' })
    await put('default', { max_age: '36h' })
    expect(await effective()).toEqual({ none: '1d12h', dev: '1d12h', st: '2d' })
    await t.api('/policies/default', { method: 'DELETE' })
    expect(await effective()).toEqual({ none: null, dev: null, st: '2d' })
  })

  it('applies job_defaults set through the API to jobs created by a run report', async () => {
    await put('production', {
      job_defaults: { schedule: { every: '6h' }, grace: '30m', tags: ['prod'], warning_exit_codes: [1] },
    })
    await put('default', { job_defaults: { schedule: { cron: '0 3 * * *', tz: 'Europe/Berlin' } } })
    const report = (job: string, environment?: string) =>
      t.call('/runs', {
        method: 'POST',
        token: INGEST_TOKEN,
        json: { job, create: true, status: 'succeeded', ...(environment && { environment }) },
      })
    expect((await report('p1', 'production')).status).toBe(201)
    expect((await report('s1', 'staging')).status).toBe(201)
    expect((await report('n1')).status).toBe(201)
    const p1 = (await t.call('/jobs/p1')).body
    expect(p1).toMatchObject({
      environment: 'production',
      schedule: { every: '6h' },
      grace: '30m',
      tags: ['prod'],
      warning_exit_codes: [1],
    })
    // staging (config file) sets only grace
    expect((await t.call('/jobs/s1')).body).toMatchObject({ grace: '1h30m', schedule: { every: '1d' } })
    expect((await t.call('/jobs/n1')).body).toMatchObject({
      environment: null,
      schedule: { cron: '0 3 * * *', tz: 'Europe/Berlin' },
      grace: '1h',
    })
  })
})

describe('policies in the store: config bootstrap and PolicyCache', () => {
  let dir: string
  let store: Store
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'backwatch-policies-'))
    store = (await openStore({ kind: 'sqlite', path: join(dir, 'bw.db') })).inProject(1)
  })
  afterAll(async () => {
    await store.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('stores the file policies, keeps unchanged ones and API ones, deletes dropped config ones', async () => {
    const config = testConfig(dir, {
      apiToken: null,
      policies: {
        production: { policy: { maxAge: 1000 }, jobDefaults: null },
        staging: { policy: {}, jobDefaults: { grace: 60_000 } },
      },
    })
    await applyConfig(store, config, 1_000)
    await store.putPolicy(
      { environment: 'lab', policy: { checkMaxAge: 5000 }, jobDefaults: null, source: 'api' },
      2_000,
    )
    // the API replaced a config policy: the file wins again at the next start
    await store.putPolicy(
      { environment: 'production', policy: { maxAge: 7 }, jobDefaults: null, source: 'api' },
      2_000,
    )
    await applyConfig(store, config, 3_000)
    const summary = async () =>
      (await store.listPolicies())
        .map((p) => [p.environment, p.source, p.updatedAt, p.policy, p.jobDefaults])
        .sort((a, b) => String(a[0]).localeCompare(String(b[0])))
    expect(await summary()).toEqual([
      ['lab', 'api', 2_000, { checkMaxAge: 5000 }, null],
      ['production', 'config', 3_000, { maxAge: 1000 }, null],
      ['staging', 'config', 1_000, {}, { grace: 60_000 }],
    ])

    await applyConfig(store, { ...config, policies: { staging: config.policies.staging! } }, 4_000)
    expect(await summary()).toEqual([
      ['lab', 'api', 2_000, { checkMaxAge: 5000 }, null],
      ['staging', 'config', 1_000, {}, { grace: 60_000 }],
    ])
  })

  it('looks policies up synchronously after load, and again after invalidate + load', async () => {
    // what a job's effective policy is made of: its environment's policy (else default) and its override
    const effective = (c: PolicyCache, job: { environment: string | null; policy: PolicyOverride | null }) =>
      effectivePolicy(c.policy(1, job.environment)?.policy, job.policy)
    const cache = new PolicyCache(store)
    expect(() => effective(cache, { environment: null, policy: null })).toThrow(/before load/)
    await cache.load()
    expect(effective(cache, { environment: 'lab', policy: null })).toEqual({
      ...DEFAULT_POLICY,
      checkMaxAge: 5000,
    })
    expect(effective(cache, { environment: 'nowhere', policy: { maxAge: 9 } })).toEqual({
      ...DEFAULT_POLICY,
      maxAge: 9,
    })
    expect(cache.jobDefaults(1, 'staging')).toEqual({ grace: 60_000 })
    expect(cache.jobDefaults(1, 'lab')).toEqual({})
    expect(cache.jobDefaults(1, null)).toEqual({})

    await store.putPolicy(
      {
        environment: 'default',
        policy: { maxAge: 100, sizeAnomaly: { high: 3 } },
        jobDefaults: { tags: ['d'] },
        source: 'api',
      },
      5_000,
    )
    await cache.load() // still fresh: nothing read
    expect(effective(cache, { environment: 'nowhere', policy: null })).toEqual(DEFAULT_POLICY)
    cache.invalidate()
    // lookups keep answering from what was loaded until the reload finishes
    expect(effective(cache, { environment: 'nowhere', policy: null })).toEqual(DEFAULT_POLICY)
    await Promise.all([cache.load(), cache.load()])
    const fromDefault = {
      ...DEFAULT_POLICY,
      maxAge: 100,
      sizeAnomaly: { ...DEFAULT_POLICY.sizeAnomaly, high: 3 },
    }
    expect(effective(cache, { environment: 'nowhere', policy: null })).toEqual(fromDefault)
    expect(effective(cache, { environment: null, policy: { maxAge: null } })).toEqual({
      ...fromDefault,
      maxAge: null,
    })
    // an environment with a policy of its own does not take `default`'s rules…
    expect(effective(cache, { environment: 'lab', policy: null })).toEqual({
      ...DEFAULT_POLICY,
      checkMaxAge: 5000,
    })
    // …but falls back to its job_defaults when it has none
    expect(cache.jobDefaults(1, 'lab')).toEqual({ tags: '["d"]' })
    expect(cache.jobDefaults(1, 'staging')).toEqual({ grace: 60_000 })
    expect(cache.policies(1).size).toBe(3)
  })
})
