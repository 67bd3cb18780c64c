// One big request must not hold the server: pings sent while it is processed are answered (and
// stored) before its own answer arrives. A resticprofile status file at the configured limits
// (1 000 runs, each job created by it) on each store backend, and a policy change that
// re-evaluates thousands of jobs. Ordering only, no clock: how fast is measured by `npm run bench`
// (bench/request-caps.mjs).
import { afterEach, describe, expect, it } from 'vitest'
import { defaultJob } from '../src/app/jobs/job-defaults.js'
import { type ApiApp, INGEST_TOKEN, startApiApp } from './support/api-app.js'
import { statusFile } from './support/status-file.js'
import { backends, type OpenedBackend } from './support/stores.js'

/** Enough to show the server answering between the request's slices (before the fix: 0 to 2). */
const PINGS = 20

/** Sends pings one at a time while `pending` is; returns their statuses and how many came first. */
async function pingWhile(app: ApiApp, pending: Promise<unknown>) {
  const pinger = (await app.call('/jobs', { method: 'POST', json: { slug: 'pinger' } })).body
  let done = false
  void pending.finally(() => {
    done = true
  })
  const statuses: number[] = []
  let before = 0
  while (!done && statuses.length < PINGS) {
    const res = await fetch(`${app.url}/ping/${pinger.uuid}`)
    await res.text()
    statuses.push(res.status)
    if (!done) before++
  }
  await pending
  const stored = (await app.call('/runs?job=pinger&limit=500')).body.items.length
  return { statuses, before, stored }
}

let t: ApiApp | null = null
let opened: OpenedBackend | null = null
afterEach(async () => {
  await t?.stop()
  await opened?.cleanup()
  t = opened = null
})

describe.each(backends)('a big status file on $name', (backend) => {
  const PROFILES = 500
  const COMMANDS = 2

  it('pings sent while it is stored are answered before it is', async () => {
    opened = await backend.open()
    await opened.store.close()
    const limits = {
      jobsPerRequest: PROFILES,
      profilesPerFile: PROFILES,
      runsPerRequest: PROFILES * COMMANDS,
      snapshotsPerList: 10,
    }
    const app = await startApiApp({ database: opened.target, limits })
    t = app
    const file = app.call('/runs?format=resticprofile&create=1', {
      method: 'POST',
      body: statusFile(PROFILES, COMMANDS),
      token: INGEST_TOKEN,
    })
    const pings = await pingWhile(app, file)
    const res = await file
    expect(res.status).toBe(201)
    expect(res.body.items).toHaveLength(PROFILES * COMMANDS)
    expect(pings).toEqual({ statuses: Array(PINGS).fill(200), before: PINGS, stored: PINGS })
  })
})

describe('a policy change over many jobs', () => {
  it('pings sent while the jobs are re-evaluated are answered before it is', async () => {
    const app = await startApiApp()
    t = app
    const now = Date.now()
    await app.app.store.inProject(1).transaction(async (tx) => {
      for (let i = 0; i < 5000; i++)
        await tx.createJob({ ...defaultJob(`job-${i}`), schedule_every: 86_400_000 }, now)
    })
    const put = app.call('/policies/default', { method: 'PUT', json: { max_age: '2d' } })
    const pings = await pingWhile(app, put)
    expect((await put).status).toBe(200)
    expect(pings).toEqual({ statuses: Array(PINGS).fill(200), before: PINGS, stored: PINGS })
  })
})
