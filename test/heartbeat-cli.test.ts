// `backwatch heartbeat --server NAME` against a real HTTP receiver.
import { join } from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { encodeBody, Spool } from '../src/wrapper/spool.js'
import { tempDir } from './support/app.js'
import { closedPort, type Receiver, startApiReceiver } from './support/receiver.js'
import { cli } from './support/wrapper.js'

const TOKEN = 'heartbeat-test-token-0123456789'
let rx: Receiver
let tmp: { dir: string; cleanup(): void }
let spoolDir: string
let n = 0

beforeAll(async () => {
  rx = await startApiReceiver()
  tmp = tempDir('backwatch-heartbeat-')
})
afterAll(async () => {
  await rx.close()
  tmp.cleanup()
})
beforeEach(() => {
  rx.requests.length = 0
  rx.respond = () => ({ status: 200, body: '{"name":"db01"}' })
  spoolDir = join(tmp.dir, `spool-${n++}`)
})

const env = (extra: NodeJS.ProcessEnv = {}) => ({
  BACKWATCH_URL: rx.url,
  BACKWATCH_TOKEN: TOKEN,
  BACKWATCH_SPOOL_DIR: spoolDir,
  ...extra,
})

describe('backwatch heartbeat', () => {
  it('posts the heartbeat and prints nothing', async () => {
    const r = await cli(['heartbeat', '--server', 'db 01/x'], env())
    expect(r.status).toBe(0)
    expect(r.stdout.toString()).toBe('')
    expect(r.stderr).toBe('')
    expect(rx.requests).toHaveLength(1)
    const [q] = rx.requests
    expect(q!.method).toBe('POST')
    expect(q!.url).toBe('/api/v1/servers/db%2001%2Fx/heartbeat')
    expect(q!.headers.authorization).toBe(`Bearer ${TOKEN}`)
    expect(q!.json).toEqual({})
  })

  it('takes --url and --token over the environment', async () => {
    const r = await cli(['heartbeat', '--server', 'db01', '--url', rx.url, '--token', 'flag-token-1234567'], {
      ...env(),
      BACKWATCH_URL: 'http://127.0.0.1:1',
    })
    expect(r.status).toBe(0)
    expect(rx.requests[0]!.headers.authorization).toBe('Bearer flag-token-1234567')
  })

  it('says why and exits 1 when refused or unreachable, never printing the token', async () => {
    rx.respond = () => ({
      status: 403,
      body: '{"error":{"code":"forbidden","message":"token lacks the ingest scope"}}',
    })
    const denied = await cli(['heartbeat', '--server', 'db01'], env())
    expect(denied.status).toBe(1)
    expect(denied.stderr).toBe(
      `backwatch: heartbeat for db01 not delivered to ${rx.url}: 403 token lacks the ingest scope\n`,
    )
    expect(rx.requests).toHaveLength(1) // permanent: not retried
    rx.respond = () => ({ status: 503 })
    const busy = await cli(['heartbeat', '--server', 'db01', '--request-timeout', '1'], env())
    expect(busy.status).toBe(1)
    expect(busy.stderr).toContain('503')
    expect(rx.requests).toHaveLength(3) // transient: 2 attempts
    const port = await closedPort()
    const down = await cli(
      ['heartbeat', '--server', 'db01'],
      env({ BACKWATCH_URL: `http://127.0.0.1:${port}` }),
    )
    expect(down.status).toBe(1)
    expect(down.stderr).toContain('ECONNREFUSED')
    for (const r of [denied, busy, down]) expect(r.stderr).not.toContain(TOKEN)
  })

  it("--timeout sets the server's heartbeat timeout; a bare number is refused (exit 2)", async () => {
    const r = await cli(['heartbeat', '--server', 'db01', '--timeout', '1h'], env())
    expect(r.status).toBe(0)
    expect(rx.requests[0]!.json).toEqual({ heartbeat_timeout: '1h' })
    rx.requests.length = 0
    const bare = await cli(['heartbeat', '--server', 'db01', '--timeout', '5'], env())
    expect(bare.status).toBe(2)
    expect(bare.stderr).toContain("--timeout is the server's heartbeat timeout")
    expect(bare.stderr).toContain('--request-timeout')
    const bad = await cli(['heartbeat', '--server', 'db01', '--timeout', 'soon'], env())
    expect(bad.status).toBe(2)
    expect(bad.stderr).toBe(
      'backwatch: heartbeat: --timeout: invalid duration "soon" (expected e.g. 90s, 15m, 1h, 1d, 2w)\n',
    )
    expect(rx.requests).toHaveLength(0)
  })

  it('is a usage error (exit 2) without --server, without a token or with a ping URL', async () => {
    const none = await cli(['heartbeat'], env())
    expect(none.status).toBe(2)
    expect(none.stderr).toContain('--server NAME is required')
    const noToken = await cli(['heartbeat', '--server', 'a'], env({ BACKWATCH_TOKEN: '' }))
    expect(noToken.status).toBe(2)
    expect(noToken.stderr).toContain('no API token')
    const ping = await cli(['heartbeat', '--server', 'a', '--url', `${rx.url}/ping/abc`], env())
    expect(ping.status).toBe(2)
    const help = await cli(['heartbeat', '--help'])
    expect(help.status).toBe(0)
    expect(help.stdout.toString()).toMatch(/^Usage: backwatch heartbeat --server NAME/)
    expect(rx.requests).toHaveLength(0)
  })

  it('sends the spooled reports first', async () => {
    const spool = new Spool(spoolDir)
    spool.add({
      target: 'api',
      url: `${rx.url}/api/v1/runs`,
      method: 'POST',
      content_type: 'application/json',
      ...encodeBody(Buffer.from('{"job":"late","exit_code":0}'), true),
      description: 'end of job late',
    })
    const r = await cli(['heartbeat', '--server', 'db01'], env())
    expect(r.status).toBe(0)
    expect(rx.requests.map((q) => q.path)).toEqual(['/api/v1/runs', '/api/v1/servers/db01/heartbeat'])
    expect(rx.requests[0]!.json).toEqual({ job: 'late', exit_code: 0 })
    expect(spool.pending()).toEqual([])
  })
})
