// One big request must not hold the server: while a resticprofile status file at the configured
// limits is stored (thousands of runs, each job created), pings sent meanwhile are answered and
// stored before the file's own answer arrives. Ordering only, no clock: how fast is measured by
// `npm run bench` (bench/request-caps.mjs). Against the real server, on each store backend.
import { afterEach, describe, expect, it } from 'vitest'
import { type ApiApp, INGEST_TOKEN, startApiApp } from './support/api-app.js'
import { statusFile } from './support/status-file.js'
import { backends, type OpenedBackend } from './support/stores.js'

const PROFILES = 500
const COMMANDS = 2
/** Enough to show the server answering between the file's chunks (before the fix: 0 or 1). */
const PINGS = 20

describe.each(backends)('a big status file on $name', (backend) => {
  let opened: OpenedBackend | null = null
  let t: ApiApp | null = null
  afterEach(async () => {
    await t?.stop()
    await opened?.cleanup()
    t = opened = null
  })

  it('pings sent while it is stored are answered before it is', async () => {
    opened = await backend.open()
    await opened.store.close()
    t = await startApiApp({
      database: opened.target,
      limits: {
        jobsPerRequest: PROFILES,
        profilesPerFile: PROFILES,
        runsPerRequest: PROFILES * COMMANDS,
        snapshotsPerList: 10,
      },
    })
    const app = t
    const pinger = (await app.call('/jobs', { method: 'POST', json: { slug: 'pinger' } })).body
    let fileAnswered = false
    const file = app
      .call('/runs?format=resticprofile&create=1', {
        method: 'POST',
        body: statusFile(PROFILES, COMMANDS),
        token: INGEST_TOKEN,
      })
      .finally(() => {
        fileAnswered = true
      })
    // One ping at a time while the file is pending; count those answered before it.
    const answers: number[] = []
    let beforeFile = 0
    while (!fileAnswered && answers.length < PINGS) {
      const res = await fetch(`${app.url}/ping/${pinger.uuid}`)
      await res.text()
      answers.push(res.status)
      if (!fileAnswered) beforeFile++
    }
    const res = await file
    expect(res.status).toBe(201)
    expect(res.body.items).toHaveLength(PROFILES * COMMANDS)
    expect(beforeFile).toBe(PINGS)
    expect(answers).toEqual(Array(PINGS).fill(200))
    const runs = await app.call('/runs?job=pinger&limit=500')
    expect(runs.body.items).toHaveLength(PINGS)
  })
})
