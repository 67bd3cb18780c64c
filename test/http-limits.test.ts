// Issue 10 B4: connections that never send a byte were never closed and uncapped (1 100 of them
// made /healthz time out); timeouts and oversized heads were all answered 400; a refused body
// (401, 413) was read to its end. Limits are injected short here (Config.http).
import net from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { silentLogger } from '../src/log.js'
import { ADMIN_TOKEN, eventually, startTestApp, type TestApp } from './support/app.js'
import { rawExchange, rawRequest } from './support/raw-http.js'

const JOB = '3f1d2c4b-5a69-4e7b-8c9d-0a1b2c3d4e5f'
const READ_TOKEN = 'test-read-token-0123456789'
const LIMITS = { headersTimeoutMs: 300, requestTimeoutMs: 1000, maxConnections: 20 }
let t: TestApp
const errors: string[] = []
beforeAll(async () => {
  t = await startTestApp(
    {
      http: LIMITS,
      jobs: [{ slug: 'limits-job', uuid: JOB }],
      tokens: [{ name: 'reader', scope: 'read', token: READ_TOKEN }],
    },
    { log: { ...silentLogger, error: (msg) => errors.push(msg) } },
  )
})
afterAll(() => t.close())

/**
 * Opens a connection that sends nothing; resolves with the bytes it received once the server
 * closed it, or with 'still open' after 3 s (then closes it).
 */
function idleConnection(): { closed: Promise<number | 'still open'> } {
  const socket = net.connect(Number(new URL(t.url).port), '127.0.0.1')
  let received = 0
  socket.on('data', (d) => {
    received += d.length
  })
  socket.on('error', () => {})
  return {
    closed: new Promise((resolve) => {
      const timer = setTimeout(() => {
        resolve('still open')
        socket.destroy()
      }, 3000)
      socket.on('close', () => {
        clearTimeout(timer)
        resolve(received)
      })
    }),
  }
}

async function healthz(): Promise<number | null> {
  try {
    return (await fetch(`${t.url}/healthz`, { signal: AbortSignal.timeout(1000) })).status
  } catch {
    return null
  }
}

describe('connections', () => {
  it('a connection that never sends a byte is closed after the header timeout, without an answer', async () => {
    const started = Date.now()
    const received = await idleConnection().closed
    expect(received).toBe(0)
    expect(Date.now() - started).toBeLessThan(2500)
  })

  it('idle connections beyond max_connections are dropped at once, and the rest time out: /healthz answers again', async () => {
    const idle = Array.from({ length: 3 * LIMITS.maxConnections }, idleConnection)
    expect(await Promise.all(idle.map((c) => c.closed))).toEqual(idle.map(() => 0))
    expect(await eventually(async () => (await healthz()) === 200, 2000)).toBe(true)
  })

  it('max_connections: a connection beyond it is closed unanswered while the others are open', async () => {
    const idle = Array.from({ length: LIMITS.maxConnections }, idleConnection)
    await new Promise((r) => setTimeout(r, 50))
    const extra = await rawExchange(t.url, rawRequest('GET', '/healthz'), { timeoutMs: 2000 })
    expect([extra.status, extra.closed]).toEqual([null, true])
    expect(await Promise.all(idle.map((c) => c.closed))).toEqual(idle.map(() => 0))
  })
})

describe('raw answers for requests that never complete', () => {
  it('a head that stops arriving → 408, nosniff, closed', async () => {
    const r = await rawExchange(t.url, 'GET /healthz HTTP/1.1\r\nHost: x\r\n', { timeoutMs: 3000 })
    expect([r.status, r.closed]).toEqual([408, true])
    expect(r.headers['x-content-type-options']).toBe('nosniff')
  })

  it('a body that stops arriving → 408, closed, nothing stored, no error logged', async () => {
    const ping = rawRequest('POST', `/ping/${JOB}`, { 'Content-Length': 100 }, 'partial')
    const r = await rawExchange(t.url, ping, { timeoutMs: 4000 })
    expect([r.status, r.closed]).toEqual([408, true])
    const api = rawRequest(
      'POST',
      '/api/v1/jobs',
      { 'Content-Length': 100, Authorization: `Bearer ${ADMIN_TOKEN}` },
      '{',
    )
    expect((await rawExchange(t.url, api, { timeoutMs: 4000 })).status).toBe(408)
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(errors).toEqual([])
    const job = await t.app.store.inProject(1).getJob({ slug: 'limits-job' })
    expect(
      (await t.app.store.inProject(1).listRuns({ job: job!.id }, { limit: 10, cursor: null })).items,
    ).toEqual([])
  })

  it('headers over 16 KiB → 431, nosniff, closed', async () => {
    const r = await rawExchange(t.url, rawRequest('GET', '/healthz', { 'X-Big': 'a'.repeat(20_000) }))
    expect([r.status, r.closed]).toEqual([431, true])
    expect(r.headers['x-content-type-options']).toBe('nosniff')
  })

  it('a malformed request line → 400, nosniff, closed', async () => {
    const r = await rawExchange(t.url, 'GET /a b c\r\n\r\n')
    expect([r.status, r.closed]).toEqual([400, true])
    expect(r.headers['x-content-type-options']).toBe('nosniff')
  })

  it('CONNECT → 405, closed', async () => {
    const r = await rawExchange(t.url, 'CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n')
    expect([r.status, r.closed]).toEqual([405, true])
  })
})

describe('a refused body is not read: the answer closes the connection', () => {
  const bigHead = (method: string, path: string, headers: Record<string, string | number>) =>
    rawRequest(method, path, { 'Content-Length': 50_000_000, ...headers }, 'x'.repeat(1000))

  it('401 before the body arrives', async () => {
    const r = await rawExchange(t.url, bigHead('POST', '/api/v1/jobs', {}))
    expect([r.status, r.headers.connection, r.closed]).toEqual([401, 'close', true])
    expect(JSON.parse(r.body)).toMatchObject({ error: { code: 'unauthorized' } })
  })

  it('403 (scope) and 404 (no route) alike', async () => {
    const read = await rawExchange(
      t.url,
      bigHead('POST', '/api/v1/jobs', { Authorization: `Bearer ${READ_TOKEN}` }),
    )
    expect([read.status, read.closed]).toEqual([403, true])
    const admin = { Authorization: `Bearer ${ADMIN_TOKEN}` }
    const none = await rawExchange(t.url, bigHead('POST', '/api/v1/nothing', admin))
    expect([none.status, none.closed]).toEqual([404, true])
  })

  it('413 as soon as the declared length is over the limit', async () => {
    const r = await rawExchange(
      t.url,
      bigHead('POST', '/api/v1/jobs', { Authorization: `Bearer ${ADMIN_TOKEN}` }),
    )
    expect([r.status, r.headers.connection, r.closed]).toEqual([413, 'close', true])
    expect(JSON.parse(r.body)).toMatchObject({ error: { code: 'payload_too_large' } })
  })

  it('413 as soon as a chunked body passes the limit', async () => {
    const chunk = 'y'.repeat(64 * 1024)
    const chunks = Array.from({ length: 20 }, () => `${chunk.length.toString(16)}\r\n${chunk}\r\n`).join('')
    const head = rawRequest('POST', '/api/v1/jobs', {
      Authorization: `Bearer ${ADMIN_TOKEN}`,
      'Transfer-Encoding': 'chunked',
    })
    // no terminating chunk: the server must answer without waiting for the end
    const r = await rawExchange(t.url, head + chunks)
    expect([r.status, r.headers.connection, r.closed]).toEqual([413, 'close', true])
  })

  it('a refused request without a body keeps its connection', async () => {
    const r = await rawExchange(t.url, rawRequest('GET', '/api/v1/jobs'))
    expect([r.status, r.headers.connection, r.closed]).toEqual([401, 'keep-alive', false])
  })
})
