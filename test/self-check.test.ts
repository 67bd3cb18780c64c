// self_check: the dead man's switch is pinged only while the evaluator's and the dispatcher's
// loops finish cycles. Real WakeLoops (their passes told to work, fail or hang), a real HTTP
// receiver as the switch, and a real `backwatch serve` with `self_check:` in its config file.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { systemClock } from '../src/clock.js'
import { lineLogger } from '../src/log.js'
import { SelfCheck } from '../src/server/self-check.js'
import { WakeLoop } from '../src/wake-loop.js'
import { eventually, tempDir } from './support/app.js'
import { type ServerProcess, startServerProcess } from './support/child.js'
import { type Receiver, startReceiver } from './support/receiver.js'

type Mode = 'work' | 'fail' | 'hang'

function loop(name: string, mode: { current: Mode }, lines: string[]) {
  return new WakeLoop({
    clock: systemClock,
    log: lineLogger((l) => lines.push(l)),
    name,
    pass: () =>
      mode.current === 'work'
        ? Promise.resolve(0)
        : mode.current === 'fail'
          ? Promise.reject(new Error('database is locked'))
          : new Promise<number>(() => {}),
    nextDueAt: async () => null,
  })
}

describe('SelfCheck', () => {
  let rx: Receiver
  const loops: WakeLoop[] = []
  beforeAll(async () => {
    rx = await startReceiver()
  })
  afterEach(async () => {
    for (const l of loops.splice(0)) await l.stop(100)
    rx.requests.length = 0
    rx.respond = () => ({ status: 200, body: 'ok' })
  })
  afterAll(async () => {
    await rx.close()
  })

  function setup(evaluatorMode: Mode, dispatcherMode: Mode = 'work') {
    const lines: string[] = []
    const modes = { evaluator: { current: evaluatorMode }, dispatcher: { current: dispatcherMode } }
    const evaluator = loop('evaluator', modes.evaluator, lines)
    const dispatcher = loop('dispatcher', modes.dispatcher, lines)
    loops.push(evaluator, dispatcher)
    evaluator.start()
    dispatcher.start()
    const check = new SelfCheck({
      pingUrl: `${rx.url}/ping/secret-check-key-123`,
      everyMs: 60_000,
      probeTimeoutMs: 300,
      log: lineLogger((l) => lines.push(l)),
      loops: [
        { name: 'evaluator', probe: () => evaluator.probe() },
        { name: 'dispatcher', probe: () => dispatcher.probe() },
      ],
    })
    return { check, lines, modes }
  }

  it('pings the switch (GET, its own User-Agent) when both loops finish a cycle', async () => {
    const { check } = setup('work')
    expect(await check.check()).toEqual({ pinged: true })
    expect(rx.requests.map((r) => [r.method, r.path, r.headers['user-agent']])).toEqual([
      ['GET', '/ping/secret-check-key-123', 'backwatch-self-check'],
    ])
  })

  it('a stuck loop stops the ping, at every check while its pass has not returned', async () => {
    const { check, lines, modes } = setup('work', 'hang')
    expect(await check.check()).toEqual({
      pinged: false,
      reason: 'the dispatcher did not finish a cycle within 300 ms',
    })
    expect(rx.requests).toHaveLength(0)
    expect(lines.join('\n')).toContain('self_check: not pinging')
    // a later check asks again: still stuck (the pass never returned), still no ping
    modes.dispatcher.current = 'work' // later passes would work, but the stuck one never returns
    expect((await check.check()).pinged).toBe(false)
    expect(rx.requests).toHaveLength(0)
  })

  it('a loop whose passes fail (the store is down) stops the ping', async () => {
    const { check, modes } = setup('fail')
    expect(await check.check()).toEqual({ pinged: false, reason: "the evaluator's last cycle failed" })
    expect(rx.requests).toHaveLength(0)
    modes.evaluator.current = 'work'
    expect(await check.check()).toEqual({ pinged: true })
    expect(rx.requests).toHaveLength(1)
  })

  it('a switch answering an error is logged by origin only (the path holds its key)', async () => {
    rx.respond = () => ({ status: 503, body: 'down' })
    const { check, lines } = setup('work')
    const out = await check.check()
    expect(out).toEqual({ pinged: false, reason: `ping to ${rx.url} failed: HTTP 503` })
    expect(lines.join('\n')).not.toContain('secret-check-key')
  })
})

describe('self_check in backwatch serve', () => {
  const tmp = tempDir('backwatch-self-check-')
  let rx: Receiver
  let server: ServerProcess | undefined
  beforeAll(async () => {
    rx = await startReceiver()
  })
  afterAll(async () => {
    await server?.stop()
    await rx.close()
    tmp.cleanup()
  })

  it('pings the configured URL every `every` while the instance is healthy, and stops when it stops', async () => {
    const config = join(tmp.dir, 'backwatch.yaml')
    writeFileSync(config, `self_check:\n  ping_url: ${rx.url}/ping/abc-key\n  every: 1s\n`)
    server = await startServerProcess([
      '--listen',
      '127.0.0.1:0',
      '--database',
      `sqlite:${join(tmp.dir, 'bw.db')}`,
      '--config',
      config,
    ])
    await eventually(async () => rx.requests.length >= 2, 10_000)
    expect(new Set(rx.requests.map((r) => r.path))).toEqual(new Set(['/ping/abc-key']))
    const [a, b] = rx.requests
    expect(b!.at - a!.at).toBeGreaterThanOrEqual(900)
    expect(await server.stop()).toBe(0)
    server = undefined
    const after = rx.requests.length
    await new Promise((r) => setTimeout(r, 1_500))
    expect(rx.requests.length).toBe(after)
  })

  it('refuses a bad self_check section with a clear message', async () => {
    const config = join(tmp.dir, 'bad.yaml')
    writeFileSync(config, 'self_check:\n  ping_url: ftp://example.com/x\n  every: 100ms\n')
    await expect(
      startServerProcess([
        '--listen',
        '127.0.0.1:0',
        '--database',
        `sqlite:${join(tmp.dir, 'b.db')}`,
        '--config',
        config,
      ]),
    ).rejects.toThrow(
      /self_check\.ping_url: ping_url must be an http:\/\/ or https:\/\/ URL \(line 2\)\n\s*self_check\.every: invalid duration "100ms"/,
    )
  })
})
