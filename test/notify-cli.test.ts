// `backwatch notify test|channels` as a user runs it, against a real server and receiver.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ADMIN_TOKEN, type ApiApp, READ_TOKEN, startApiApp } from './support/api-app.js'
import { webhookChannel } from './support/channels.js'
import { execBackwatch } from './support/child.js'
import { type Receiver, startReceiver } from './support/receiver.js'

let t: ApiApp
let hook: Receiver

const cli = (args: string[], token = ADMIN_TOKEN) =>
  execBackwatch(['notify', ...args], { BACKWATCH_URL: t.url, BACKWATCH_TOKEN: token })

describe('backwatch notify', () => {
  beforeAll(async () => {
    hook = await startReceiver(() => ({ status: 200, body: 'thanks' }))
    t = await startApiApp({
      channels: [webhookChannel(`${hook.url}/x`)],
    })
  })
  afterAll(async () => {
    await t.stop()
    await hook.close()
  })

  it('sends a test message and prints the answer; a refusal exits 1 with the reason', async () => {
    const ok = await cli(['test', 'ops-hook'])
    expect(ok).toMatchObject({ code: 0 })
    expect(ok.stdout).toBe('sent a test message to ops-hook: the receiver answered 200 thanks\n')
    hook.respond = () => ({ status: 404, body: 'no such hook' })
    const refused = await cli(['test', 'ops-hook'])
    expect(refused.code).toBe(1)
    expect(refused.stderr).toContain('502')
    expect(refused.stderr).toContain('404')
    const listed = await cli(['channels'], READ_TOKEN)
    expect(listed.stdout).toMatch(/^ops-hook\s+webhook\s+FAILING: /)
  }, 60_000)

  it('explains its usage', async () => {
    const bad = await cli(['test'])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain('Usage: backwatch notify test CHANNEL')
    expect((await cli(['test', 'nope'])).stderr).toContain('404')
  }, 60_000)
})
