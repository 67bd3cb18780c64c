// The notification families of /metrics against a real server and real local receivers: a channel
// whose receiver refuses shows up 0 with its pending notification, a working one 1 with its last
// success; silences in force are counted; promtool accepts the exposition.
import { spawnSync } from 'node:child_process'
import { afterEach, describe, expect, it } from 'vitest'
import { type ApiApp, eventually, READ_TOKEN, startApiApp } from './support/api-app.js'
import { webhookChannel } from './support/channels.js'
import { type Receiver, startReceiver } from './support/receiver.js'
import { hasTool } from './support/tools.js'

let t: ApiApp | null = null
const receivers: Receiver[] = []
afterEach(async () => {
  await t?.stop()
  for (const r of receivers.splice(0)) await r.close()
  t = null
})

async function metrics(): Promise<string> {
  const res = await fetch(`${t!.url}/metrics`, { headers: { Authorization: `Bearer ${READ_TOKEN}` } })
  expect(res.status).toBe(200)
  return res.text()
}

const line = (text: string, prefix: string) => text.split('\n').find((l) => l.startsWith(prefix))

describe('/metrics: notification health', () => {
  it('shows each channel up or down, its pending notifications and last success, and the silences', async () => {
    const ok = await startReceiver()
    const down = await startReceiver(() => ({ status: 503, body: 'maintenance' }))
    receivers.push(ok, down)
    t = await startApiApp({
      channels: [
        webhookChannel(`${ok.url}/ok`, { name: 'works' }),
        webhookChannel(`${down.url}/down`, { name: 'broken' }),
      ],
    })
    const before = await metrics()
    expect(line(before, 'backwatch_channel_up{channel="works"')).toBe(
      'backwatch_channel_up{channel="works",type="webhook"} 1',
    )
    expect(line(before, 'backwatch_channel_last_success_timestamp_seconds{')).toBeUndefined()
    expect(line(before, 'backwatch_silences_active ')).toBe('backwatch_silences_active 0')

    await t.call('/runs', { method: 'POST', json: { job: 'db1-nightly', create: true, exit_code: 2 } })
    await eventually(async () => ok.requests.length === 1 && down.requests.length >= 1)
    await t.call('/silences', { method: 'POST', json: { match: { servers: ['nas'] }, duration: '1h' } })
    const after = await eventually(async () => {
      const text = await metrics()
      return line(text, 'backwatch_channel_up{channel="broken"')?.endsWith(' 0') ? text : null
    })
    expect(line(after, 'backwatch_channel_up{channel="works"')).toMatch(/ 1$/)
    expect(line(after, 'backwatch_channel_pending_notifications{channel="broken"')).toBe(
      'backwatch_channel_pending_notifications{channel="broken",type="webhook"} 1',
    )
    expect(line(after, 'backwatch_channel_pending_notifications{channel="works"')).toMatch(/ 0$/)
    const success = Number(
      line(after, 'backwatch_channel_last_success_timestamp_seconds{channel="works"')?.split(' ')[1],
    )
    expect(Math.abs(success * 1000 - Date.now())).toBeLessThan(60_000)
    expect(line(after, 'backwatch_silences_active ')).toBe('backwatch_silences_active 1')

    if (!hasTool('promtool')) return
    const check = spawnSync('promtool', ['check', 'metrics'], { input: after, encoding: 'utf8' })
    expect(check.status, check.stdout + check.stderr).toBe(0)
  })
})
