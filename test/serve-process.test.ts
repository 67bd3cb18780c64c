// `backwatch serve` as a process: the listening line, probes, and a clean SIGTERM.
import { join } from 'node:path'
import { expect, it } from 'vitest'
import { tempDir } from './support/app.js'
import { startServerProcess } from './support/child.js'

it('prints its URL, answers the probes and exits 0 on SIGTERM', async () => {
  const tmp = tempDir()
  const server = await startServerProcess([
    '--listen',
    '127.0.0.1:0',
    '--database',
    `sqlite:${join(tmp.dir, 'x.db')}`,
  ])
  try {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    const health = await fetch(`${server.url}/healthz`)
    expect([health.status, await health.json()]).toEqual([200, { status: 'ok' }])
    const ready = await fetch(`${server.url}/readyz`)
    expect(ready.status).toBe(200)
    const api = await fetch(`${server.url}/api/v1/jobs`)
    expect(api.status).toBe(401)
  } finally {
    expect(await server.stop()).toBe(0)
    tmp.cleanup()
  }
})
