// The WAL is checkpointed by a worker thread, not by the commits that answer requests: the
// database file fills while the server runs, and everything is there after a restart.
import { statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { silentLogger } from '../src/log.js'
import { startBackwatch } from '../src/server/start-backwatch.js'
import { ADMIN_TOKEN, eventually, startTestApp, tempDir, testConfig } from './support/app.js'

describe('SQLite checkpoints off the event loop', () => {
  it('copies committed pages into the database file in the background', async () => {
    const t = await startTestApp()
    const dbFile = join(t.dir, 'backwatch.db')
    const before = statSync(dbFile).size
    for (let i = 0; i < 40; i++) {
      const res = await t.api('POST', '/runs', {
        job: `cp-${i % 5}`,
        create: true,
        exit_code: 0,
        log: 'x'.repeat(20_000),
      })
      expect(res.status).toBe(201)
    }
    // The main connection never checkpoints; only the worker can have grown the file.
    await eventually(async () => statSync(dbFile).size > before + 400_000, 5000)
    await t.close()
  })

  it('keeps every run across a restart', async () => {
    const tmp = tempDir()
    const config = testConfig(tmp.dir)
    let app = await startBackwatch(config, { log: silentLogger })
    const headers = { Authorization: `Bearer ${ADMIN_TOKEN}`, 'Content-Type': 'application/json' }
    for (let i = 0; i < 50; i++) {
      await fetch(`${app.url}/api/v1/runs`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ job: 'keep', create: true, exit_code: 0 }),
      })
    }
    await app.stop()
    app = await startBackwatch(config, { log: silentLogger })
    const job = await app.store.inProject(1).getJob({ slug: 'keep' })
    expect(job?.runCounts.succeeded).toBe(50)
    await app.stop()
    tmp.cleanup()
  })
})
