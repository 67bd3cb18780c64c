// Notifications survive a crash and a receiver outage, against a real `backwatch serve` child:
// a delivery pending when the process is SIGKILLed is sent after the restart, once; a receiver
// answering 503 for a while gets every notification (opening and resolution) exactly once.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { eventually, tempDir } from './support/app.js'
import { type ServerProcess, startServerProcess } from './support/child.js'
import { closedPort, type Received, type Receiver, startReceiver } from './support/receiver.js'
import { verifyStandardWebhook } from './support/standard-webhook.js'

const TOKEN = 'durability-admin-token-0123456789'
const SECRET = `whsec_${Buffer.from('backwatch-durability-secret-32by').toString('base64')}`

interface DeliveryRow {
  id: number
  transition: string
  status: string
  attempts: number
  idempotency_key: string
}

let tmp: ReturnType<typeof tempDir> | null = null
let server: ServerProcess | null = null
let hook: Receiver | null = null
afterEach(async () => {
  await server?.kill()
  await hook?.close()
  tmp?.cleanup()
  server = null
  hook = null
  tmp = null
})

function writeConfig(dir: string, url: string): string {
  const path = join(dir, 'backwatch.yaml')
  writeFileSync(
    path,
    [
      'channels:',
      '  - name: ops-hook',
      '    type: webhook',
      `    url: ${url}`,
      '    secret_env: DURABILITY_HOOK_SECRET',
      '',
    ].join('\n'),
  )
  return path
}

function serve(dir: string, config: string): Promise<ServerProcess> {
  return startServerProcess(
    ['--listen', '127.0.0.1:0', '--database', `sqlite:${join(dir, 'bw.db')}`, '--config', config],
    { BACKWATCH_API_TOKEN: TOKEN, DURABILITY_HOOK_SECRET: SECRET },
  )
}

/** The deliveries as the database holds them (read-only; the server keeps writing). */
function deliveries(dir: string): DeliveryRow[] {
  const db = new Database(join(dir, 'bw.db'), { readonly: true, fileMustExist: true })
  try {
    db.pragma('busy_timeout = 2000')
    return db
      .prepare('select id, transition, status, attempts, idempotency_key from deliveries order by id')
      .all() as DeliveryRow[]
  } finally {
    db.close()
  }
}

async function postRun(s: ServerProcess, body: Record<string, unknown>): Promise<void> {
  const res = await fetch(`${s.url}/api/v1/runs`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  })
  expect(res.status, await res.clone().text()).toBe(201)
}

// biome-ignore lint/suspicious/noExplicitAny: test payloads are read loosely
const parse = (r: Received) => JSON.parse(r.body) as any
const settle = () => new Promise((r) => setTimeout(r, 500))

describe('notification durability (real serve child)', () => {
  it('a delivery pending when the server is SIGKILLed is sent once after the restart', async () => {
    tmp = tempDir('backwatch-durability-')
    const port = await closedPort()
    const config = writeConfig(tmp.dir, `http://127.0.0.1:${port}/hook`)
    server = await serve(tmp.dir, config)
    await postRun(server, { job: 'db1-nightly', create: true, exit_code: 2, error: 'disk full' })

    // Nothing listens: the first attempt fails (connection refused) and the row waits, unclaimed.
    const pending = await eventually(async () => {
      const rows = deliveries(tmp!.dir)
      return rows.length === 1 && rows[0]!.status === 'pending' && rows[0]!.attempts >= 1 ? rows[0]! : null
    }, 15_000)
    expect(pending.transition).toBe('opened')
    await server.kill() // no clean stop
    server = null

    // The receiver is up only now, on the port the channel names; a fresh process, same database.
    hook = await startReceiver(undefined, port)
    server = await serve(tmp.dir, config)

    await eventually(
      async () => hook!.requests.length >= 1 && deliveries(tmp!.dir)[0]!.status === 'sent',
      15_000,
    )
    await settle()
    expect(hook.requests).toHaveLength(1)
    const [got] = hook.requests
    expect(got!.headers['webhook-id']).toBe(pending.idempotency_key)
    expect(verifyStandardWebhook(SECRET, got!.headers, got!.body)).toBe(true)
    expect(parse(got!)).toMatchObject({
      type: 'alert.opened',
      alert: { type: 'job.failed', job: 'db1-nightly', status: 'active' },
    })
    const rows = deliveries(tmp.dir)
    expect(rows.map((r) => [r.transition, r.status])).toEqual([['opened', 'sent']])
    expect(rows[0]!.attempts).toBeGreaterThanOrEqual(2)
  }, 60_000)

  it('a receiver answering 503 for a while gets the opening and the resolution exactly once each', async () => {
    tmp = tempDir('backwatch-durability-')
    let failures = 3
    hook = await startReceiver(() =>
      failures-- > 0 ? { status: 503, headers: { 'Retry-After': '1' } } : { status: 200, body: 'ok' },
    )
    const config = writeConfig(tmp.dir, `${hook.url}/hook`)
    server = await serve(tmp.dir, config)
    await postRun(server, { job: 'flaky', create: true, exit_code: 1, error: 'network unreachable' })
    // The outage is under way before the resolution is even raised.
    await eventually(async () => hook!.requests.length >= 1, 15_000)
    await postRun(server, { job: 'flaky', exit_code: 0 })

    await eventually(async () => {
      const rows = deliveries(tmp!.dir)
      return rows.length === 2 && rows.every((r) => r.status === 'sent')
    }, 20_000)
    await settle()

    const reqs = hook.requests
    expect(reqs.length).toBe(5) // 3 × 503, then one 200 per notification
    for (const r of reqs) expect(verifyStandardWebhook(SECRET, r.headers, r.body)).toBe(true)
    // Answered 200: the requests after the three 503s; one per webhook-id, one per transition.
    const accepted = reqs.slice(3)
    const ids = accepted.map((r) => r.headers['webhook-id'])
    expect(new Set(ids).size).toBe(2)
    expect(accepted.map((r) => parse(r).type).sort()).toEqual(['alert.opened', 'alert.resolved'])
    // Retries resend the same message: every request carries one of the two ids, same body per id.
    expect(new Set(reqs.map((r) => r.headers['webhook-id']))).toEqual(new Set(ids))
    const bodyById = new Map<unknown, string>()
    for (const r of reqs) {
      const seen = bodyById.get(r.headers['webhook-id'])
      if (seen === undefined) bodyById.set(r.headers['webhook-id'], r.body)
      else expect(r.body).toBe(seen)
    }
    const rows = deliveries(tmp.dir)
    expect(rows.map((r) => [r.transition, r.status])).toEqual([
      ['opened', 'sent'],
      ['resolved', 'sent'],
    ])
    expect(new Set(rows.map((r) => r.idempotency_key))).toEqual(new Set(ids))
  }, 60_000)
})
