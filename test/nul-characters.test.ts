// A NUL character in a query parameter or a JSON body reached PostgreSQL, whose text cannot hold
// it: a 500 there (and stored on SQLite). Refused as a 400 on every backend (issue 10 B: hostile
// input gets a 4xx). Runs on SQLite, and on PostgreSQL when BACKWATCH_TEST_PG_URL is set.
import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Config } from '../src/config/config.js'
import { ADMIN_TOKEN, startTestApp, type TestApp } from './support/app.js'
import { adminQuery, withSearchPath } from './support/stores.js'

const pgUrl = process.env.BACKWATCH_TEST_PG_URL
const schema = `bw_nul_${randomBytes(4).toString('hex')}`
const databases: [string, () => Partial<Config>][] = [['sqlite', () => ({})]]
if (pgUrl)
  databases.push(['postgres', () => ({ database: { kind: 'postgres', url: withSearchPath(pgUrl, schema) } })])

describe.each(databases)('on %s', (name, overrides) => {
  let t: TestApp
  beforeAll(async () => {
    if (name === 'postgres') await adminQuery(pgUrl!, `create schema ${schema}`)
    t = await startTestApp(overrides())
  })
  afterAll(async () => {
    await t.close()
    if (name === 'postgres') await adminQuery(pgUrl!, `drop schema ${schema} cascade`)
  })

  const call = async (method: string, path: string, body?: string) => {
    const res = await fetch(`${t.url}/api/v1${path}`, {
      method,
      headers: { Authorization: `Bearer ${ADMIN_TOKEN}` },
      ...(body !== undefined && { body }),
    })
    return { status: res.status, body: (await res.json()) as { error?: { code: string; message: string } } }
  }

  it('a NUL in a query parameter → 400 naming the parameter', async () => {
    for (const path of ['/runs?job=a%00b', '/alerts?server=%00', '/jobs?cursor=%00']) {
      const r = await call('GET', path)
      expect(r.status, path).toBe(400)
      expect(r.body.error?.message).toContain('NUL')
    }
  })

  it('a \\u0000 in a JSON body → 400 invalid_json; an escaped backslash before "u0000" is text', async () => {
    const r = await call('POST', '/jobs', '{"slug":"nul-job","name":"a\\u0000b"}')
    expect([r.status, r.body.error?.code]).toEqual([400, 'invalid_json'])
    expect(r.body.error?.message).toContain('NUL')
    const heartbeat = await call('POST', '/servers/nul-srv/heartbeat', '{"tags":["\\u0000"]}')
    expect(heartbeat.status).toBe(400)
    expect((await call('POST', '/jobs', '{"slug":"nul-job","name":"a\\\\u0000b"}')).status).toBe(201)
  })
})
