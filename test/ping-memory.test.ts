// A huge ping body is streamed, not buffered: the server process's peak RSS (VmHWM) barely moves.
import { readFileSync, writeFileSync } from 'node:fs'
import http from 'node:http'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import { tempDir } from './support/app.js'
import { startServerProcess } from './support/child.js'

const UUID = '2c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e6f'
const TOKEN = 'memory-admin-token-0123456789'

function peakRssMb(pid: number): number {
  const m = readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmHWM:\s+(\d+) kB/)
  return Number(m![1]) / 1024
}

function upload(url: string, total: number): Promise<number> {
  const chunk = Buffer.alloc(64 * 1024, 0x61)
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST' }, (res) => {
      res.resume()
      resolve(res.statusCode ?? 0)
    })
    req.on('error', reject)
    let sent = 0
    const pump = () => {
      while (sent < total) {
        sent += chunk.length
        if (!req.write(chunk)) return void req.once('drain', pump)
      }
      req.end()
    }
    pump()
  })
}

it('streams a 200 MB body with flat memory and stores its first bytes', async () => {
  const tmp = tempDir()
  writeFileSync(join(tmp.dir, 'bw.yaml'), `ping_body_limit: 1000\njobs:\n  - slug: big\n    uuid: ${UUID}\n`)
  const server = await startServerProcess(
    [
      '--listen',
      '127.0.0.1:0',
      '--database',
      `sqlite:${join(tmp.dir, 'x.db')}`,
      '--config',
      join(tmp.dir, 'bw.yaml'),
    ],
    { BACKWATCH_API_TOKEN: TOKEN },
  )
  try {
    const pid = server.proc.pid!
    expect(await upload(`${server.url}/ping/${UUID}`, 4 * 1024 * 1024)).toBe(200) // warm up
    const before = peakRssMb(pid)
    const total = 200 * 1024 * 1024
    expect(await upload(`${server.url}/ping/${UUID}`, total)).toBe(200)
    const grown = peakRssMb(pid) - before
    // buffering would add > 200 MB; streaming adds what the GC lets young chunks pile up to
    // (about 40 MB on Node 20, 80 MB on Node 24, whose young generation is larger)
    expect(grown).toBeLessThan(120)
    const res = await fetch(`${server.url}/api/v1/jobs/big/runs?limit=1`, {
      headers: { Authorization: `Bearer ${TOKEN}` },
    })
    const [run] = ((await res.json()) as { items: { id: number }[] }).items
    const full = (await (
      await fetch(`${server.url}/api/v1/runs/${run!.id}`, { headers: { Authorization: `Bearer ${TOKEN}` } })
    ).json()) as { log: string; log_size: number; log_truncated: boolean }
    expect(full.log).toBe('a'.repeat(1000))
    expect(full.log_size).toBe(total)
    expect(full.log_truncated).toBe(true)
  } finally {
    await server.stop()
    tmp.cleanup()
  }
})
