// "A ping answered OK is committed": SIGKILL the server right after answers, restart, count.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, expect, it } from 'vitest'
import { tempDir } from './support/app.js'
import { type ServerProcess, startServerProcess } from './support/child.js'

const TOKEN = 'restart-admin-token-0123456789'
const UUID = '7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d'
const tmp = tempDir('backwatch-restart-')
let server: ServerProcess | null = null
afterAll(async () => {
  await server?.kill()
  tmp.cleanup()
})

async function countRuns(url: string): Promise<number> {
  let n = 0
  let cursor: string | null = null
  do {
    const res: Response = await fetch(
      `${url}/api/v1/jobs/durable/runs?limit=500${cursor ? `&cursor=${cursor}` : ''}`,
      {
        headers: { Authorization: `Bearer ${TOKEN}` },
      },
    )
    expect(res.status).toBe(200)
    const page = (await res.json()) as { items: unknown[]; next_cursor: string | null }
    n += page.items.length
    cursor = page.next_cursor
  } while (cursor)
  return n
}

it('keeps every ping answered OK across a SIGKILL', async () => {
  const config = join(tmp.dir, 'backwatch.yaml')
  writeFileSync(config, `jobs:\n  - slug: durable\n    uuid: ${UUID}\n`)
  const args = [
    '--listen',
    '127.0.0.1:0',
    '--database',
    `sqlite:${join(tmp.dir, 'bw.db')}`,
    '--config',
    config,
  ]
  server = await startServerProcess(args, { BACKWATCH_API_TOKEN: TOKEN })
  const url = server.url

  let ok = 0
  let stop = false
  // 32 clients ping as fast as they can; the server is killed while they are mid-flight.
  const client = async () => {
    while (!stop) {
      try {
        const res = await fetch(`${url}/ping/${UUID}`, { method: 'POST', body: 'x' })
        if (res.status === 200 && (await res.text()) === 'OK') ok++
      } catch {
        return
      }
    }
  }
  const clients = Array.from({ length: 32 }, client)
  await new Promise((r) => setTimeout(r, 1500))
  await server.kill()
  stop = true
  await Promise.all(clients)
  expect(ok).toBeGreaterThan(100)

  server = await startServerProcess(args, { BACKWATCH_API_TOKEN: TOKEN })
  const stored = await countRuns(server.url)
  // Every answered ping is stored; a ping in flight at the kill may be stored without its answer.
  expect(stored).toBeGreaterThanOrEqual(ok)
  expect(stored - ok).toBeLessThanOrEqual(32)
})
