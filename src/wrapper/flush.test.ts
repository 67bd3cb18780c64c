import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { type Receiver, startApiReceiver } from '../../test/support/receiver.js'
import { flushSpool, MAX_AGE_MS } from './flush.js'
import { encodeBody, type NewSpoolEntry, Spool } from './spool.js'

let rx: Receiver
let root: string
let spool: Spool
let notices: string[]

beforeAll(async () => {
  rx = await startApiReceiver()
})
afterAll(() => rx.close())
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'backwatch-flush-'))
  notices = []
  spool = new Spool(root, (m) => notices.push(m))
  rx.requests.length = 0
  rx.respond = () => ({ status: 201 })
})
afterEach(() => rmSync(root, { recursive: true, force: true }))

const api = (n: number, base = rx.url): NewSpoolEntry => ({
  target: 'api',
  url: `${base}/api/v1/runs`,
  method: 'POST',
  content_type: 'application/json',
  ...encodeBody(Buffer.from(JSON.stringify({ job: 'j', n })), true),
  description: `report ${n}`,
})
const ping = (n: number): NewSpoolEntry => ({
  target: 'ping',
  url: `${rx.url}/ping/abc/${n}`,
  method: 'POST',
  content_type: null,
  ...encodeBody(Buffer.from(`log ${n}`), false),
  description: `ping ${n}`,
})
const opts = (token = 'tok') => ({
  spool,
  api: { base: rx.url, token },
  timeoutMs: 1000,
  notice: (m: string) => notices.push(m),
})

describe('flushSpool', () => {
  it('sends every report in creation order with this invocation’s token, and removes them', async () => {
    const t = Date.now()
    spool.add(api(2), t + 1)
    spool.add(ping(3), t + 2)
    spool.add(api(1), t)
    const r = await flushSpool(opts())
    expect(r).toEqual({ sent: 3, dropped: 0, kept: 0 })
    expect(rx.requests.map((q) => q.json?.n ?? q.path)).toEqual([1, 2, '/ping/abc/3'])
    expect(rx.requests[0]!.headers.authorization).toBe('Bearer tok')
    expect(rx.requests[2]!.headers.authorization).toBeUndefined()
    expect(rx.requests[2]!.body.toString()).toBe('log 3')
    expect(spool.pending()).toEqual([])
  })

  it('stops at the first transient failure and keeps it and the rest', async () => {
    const t = Date.now()
    for (let i = 1; i <= 4; i++) spool.add(api(i), t + i)
    rx.respond = (q) => (q.json?.n === 2 ? { status: 503 } : { status: 200 })
    const r = await flushSpool(opts())
    expect(r).toEqual({ sent: 1, dropped: 0, kept: 3 })
    expect(rx.requests.map((q) => q.json!.n)).toEqual([1, 2])
    expect(spool.pending().map((p) => spool.read(p.path)!.description)).toEqual([
      'report 2',
      'report 3',
      'report 4',
    ])
  })

  it('drops a report refused for good (4xx) and says why; keeps all on 401 (this token is wrong)', async () => {
    const t = Date.now()
    spool.add(api(1), t)
    spool.add(api(2), t + 1)
    rx.respond = (q) =>
      q.json?.n === 1
        ? { status: 400, body: '{"error":{"code":"invalid","message":"kind: bad"}}' }
        : { status: 201 }
    expect(await flushSpool(opts())).toEqual({ sent: 1, dropped: 1, kept: 0 })
    expect(notices).toEqual(['dropped a spooled report Backwatch refused: report 1: 400 kind: bad'])
    spool.add(api(3), t + 2)
    spool.add(ping(4), t + 3)
    rx.respond = (q) =>
      q.path.startsWith('/api') ? { status: 401, body: '{"error":{"message":"bad token"}}' } : { status: 200 }
    expect(await flushSpool(opts('wrong'))).toEqual({ sent: 1, dropped: 0, kept: 1 })
    expect(notices[1]).toBe('spooled reports not sent: 401 bad token')
    expect(spool.pending()).toHaveLength(1)
  })

  it('sends API reports only to the Backwatch they were made for, and not without a token', async () => {
    spool.add(api(1, 'http://127.0.0.1:1'))
    spool.add(api(2))
    expect(await flushSpool({ ...opts(), api: null })).toEqual({ sent: 0, dropped: 0, kept: 2 })
    expect(await flushSpool(opts())).toEqual({ sent: 1, dropped: 0, kept: 1 })
    expect(rx.requests.map((q) => q.json!.n)).toEqual([2])
    expect(spool.pending()).toHaveLength(1)
  })

  it('drops reports older than 7 days with a notice', async () => {
    spool.add(api(1), Date.now() - MAX_AGE_MS - 60_000)
    spool.add(api(2), Date.now() - MAX_AGE_MS + 60_000)
    expect(await flushSpool(opts())).toEqual({ sent: 1, dropped: 1, kept: 0 })
    expect(notices[0]).toMatch(/^dropped a spooled report older than 7 days: report 1 \(/)
    expect(rx.requests.map((q) => q.json!.n)).toEqual([2])
  })

  it('lists the spool when called: reports added meanwhile wait for the next round', async () => {
    spool.add(api(1))
    rx.respond = () => ({ status: 201, delayMs: 100 })
    const flushing = flushSpool(opts())
    spool.add(api(2))
    expect(await flushing).toEqual({ sent: 1, dropped: 0, kept: 0 })
    expect(spool.pending()).toHaveLength(1)
  })

  it('stops when aborted, keeping the report in flight', async () => {
    spool.add(api(1))
    rx.respond = () => ({ status: 201, delayMs: 5000 })
    const r = await flushSpool({ ...opts(), signal: AbortSignal.timeout(200) })
    expect(r.sent).toBe(0)
    expect(spool.pending()).toHaveLength(1)
  })
})
