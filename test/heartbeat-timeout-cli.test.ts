// The real `backwatch run --server` and `backwatch heartbeat [--timeout]` processes against a real
// server with an injected clock: a server a run creates gets the default heartbeat timeout (1h),
// so once heartbeats start, a silent host goes offline; --timeout sets another one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ManualClock } from '../src/clock.js'
import { startTestApp, type TestApp, tempDir } from './support/app.js'
import { cli } from './support/wrapper.js'

const T0 = Date.parse('2026-11-22T10:00:00Z')
const MIN = 60_000
const INGEST = 'ingest-token-hb-timeout-0123456789'

let t: TestApp
let spool: { dir: string; cleanup(): void }
const clock = new ManualClock(T0)

beforeAll(async () => {
  t = await startTestApp({ tokens: [{ name: 'agent', scope: 'ingest', token: INGEST }] }, { clock })
  spool = tempDir('backwatch-hb-timeout-')
})
afterAll(async () => {
  await t.close()
  spool.cleanup()
})

const env = () => ({ BACKWATCH_URL: t.url, BACKWATCH_TOKEN: INGEST, BACKWATCH_SPOOL_DIR: spool.dir })

async function server(name: string) {
  return (await t.api<Record<string, unknown>>('GET', `/servers/${name}`)).body
}

async function offline(): Promise<string[]> {
  await t.app.evaluator.kick()
  const res = await t.api<{ items: { server: string }[] }>('GET', '/alerts?type=server.offline&status=active')
  return res.body.items.map((a) => a.server)
}

describe('heartbeat timeouts from the CLI', () => {
  it('a server created by `backwatch run` expects heartbeats within 1h once they start', async () => {
    const run = await cli(['run', '--job', 'nightly', '--server', 'db09', '--', 'true'], env())
    expect(run.status).toBe(0)
    expect(await server('db09')).toMatchObject({ heartbeat_timeout: '1h', status: 'unknown' })
    // no heartbeat yet: nothing is expected, time alone never makes it offline
    clock.advance(3 * 60 * MIN)
    expect(await offline()).toEqual([])

    expect((await cli(['heartbeat', '--server', 'db09'], env())).status).toBe(0)
    expect(await server('db09')).toMatchObject({ heartbeat_timeout: '1h', status: 'online' })
    clock.advance(59 * MIN)
    expect(await offline()).toEqual([])
    clock.advance(2 * MIN)
    expect(await offline()).toEqual(['db09'])
  })

  it('--timeout sets the timeout of a new server and changes an existing one', async () => {
    const created = await cli(['heartbeat', '--server', 'nas-3', '--timeout', '15m'], env())
    expect(created.status).toBe(0)
    expect(created.stdout.toString()).toBe('')
    expect(await server('nas-3')).toMatchObject({ heartbeat_timeout: '15m', status: 'online' })
    expect((await cli(['heartbeat', '--server', 'db09', '--timeout', '2h'], env())).status).toBe(0)
    expect(await server('db09')).toMatchObject({ heartbeat_timeout: '2h', status: 'online' })
    expect(await offline()).toEqual([]) // db09's heartbeat resolved its outage
    clock.advance(16 * MIN)
    expect(await offline()).toEqual(['nas-3'])
  })
})
