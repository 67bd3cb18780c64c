// Browser sessions against a real server (SQLite, and PostgreSQL when BACKWATCH_TEST_PG_URL is
// set): sign in, cookie flags, CSRF, lockout and throttling, TOTP and recovery codes, logout and
// idle expiry (an injected clock), roles. Every request comes from its own test's 127.0.0.x
// address so one test's failed logins never throttle another's.
import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hashSessionId } from '../src/app/users/login.js'
import { addUser, changePassword, enableTotp, removeUser } from '../src/app/users/user-admin.js'
import { totpCode } from '../src/auth/totp.js'
import { ManualClock } from '../src/clock.js'
import type { Config } from '../src/config/config.js'
import type { Role } from '../src/domain/access.js'
import { silentLogger } from '../src/log.js'
import { type Backwatch, startBackwatch } from '../src/server/start-backwatch.js'
import { ADMIN_TOKEN, tempDir, testConfig } from './support/app.js'
import { type HttpAnswer, httpFrom } from './support/http-from.js'
import { adminQuery, withSearchPath } from './support/stores.js'

const PG_URL = process.env.BACKWATCH_TEST_PG_URL
const DATABASES = ['sqlite', ...(PG_URL ? ['postgres'] : [])] as const
const T0 = Date.UTC(2026, 0, 5, 9, 0, 0)
const DAY = 86_400_000
const PASSWORD = 'correct horse battery staple'

let lastOctet = 10
const newAddress = () => `127.0.0.${lastOctet++}`

interface SessionApp {
  app: Backwatch
  clock: ManualClock
  stop(): Promise<void>
}

async function startSessionApp(kind: string, overrides: Partial<Config> = {}): Promise<SessionApp> {
  const tmp = tempDir('backwatch-session-')
  const cleanups: (() => Promise<void> | void)[] = [() => tmp.cleanup()]
  let database: Config['database'] = { kind: 'sqlite', path: `${tmp.dir}/b.db` }
  if (kind === 'postgres') {
    const schema = `bw_session_${randomBytes(5).toString('hex')}`
    await adminQuery(PG_URL!, `create schema ${schema}`)
    cleanups.push(() => adminQuery(PG_URL!, `drop schema if exists ${schema} cascade`))
    database = { kind: 'postgres', url: withSearchPath(PG_URL!, schema) }
  }
  const clock = new ManualClock(T0)
  const app = await startBackwatch(testConfig(tmp.dir, { database, ...overrides }), {
    log: silentLogger,
    clock,
  })
  return {
    app,
    clock,
    async stop() {
      await app.stop()
      for (const c of cleanups.reverse()) await c()
    },
  }
}

/** A signed-in browser: its cookie and CSRF token, sending from one address. */
interface Browser {
  cookie: string
  csrf: string
  from: string
}

function cookieOf(answer: HttpAnswer): string {
  const set = answer.cookies.find((c) => c.startsWith('backwatch_session='))
  if (!set) throw new Error(`no session cookie in ${JSON.stringify(answer.cookies)}`)
  return set.split(';')[0]!
}

describe.each(DATABASES)('sessions on %s', (kind) => {
  let t: SessionApp
  const url = (path: string) => `${t.app.url}/api/v1${path}`
  const signIn = (username: string, password: string, from: string, extra: Record<string, string> = {}) =>
    httpFrom(url('/session'), { method: 'POST', json: { username, password, ...extra }, localAddress: from })
  const as = (
    b: Browser,
    path: string,
    init: { method?: string; headers?: Record<string, string>; json?: unknown } = {},
  ) => httpFrom(url(path), { ...init, localAddress: b.from, headers: { Cookie: b.cookie, ...init.headers } })
  const user = (username: string, role: Role = 'admin') =>
    addUser(
      t.app.store.inProject(1),
      { username, password: PASSWORD, instanceAdmin: false, role, project: 'default' },
      t.clock.now(),
    )
  async function browser(username: string, password = PASSWORD, from = newAddress()): Promise<Browser> {
    const r = await signIn(username, password, from)
    expect(r.status, r.text).toBe(200)
    return { cookie: cookieOf(r), csrf: r.json.csrf_token, from }
  }

  beforeAll(async () => {
    t = await startSessionApp(kind)
  })
  afterAll(async () => {
    await t.stop()
  })

  it('signs in: an HttpOnly SameSite=Lax cookie (not Secure over http), a CSRF token, no hash anywhere', async () => {
    await user('alice')
    const r = await signIn('alice', PASSWORD, newAddress())
    expect(r.status).toBe(200)
    expect(r.json).toEqual({
      username: 'alice',
      csrf_token: expect.any(String),
      expires_at: new Date(T0 + 7 * DAY).toISOString(),
    })
    const [set] = r.cookies
    expect(set).toMatch(
      /^backwatch_session=[A-Za-z0-9_-]{43}; HttpOnly; SameSite=Lax; Path=\/; Max-Age=604800$/,
    )
    expect(r.headers['cache-control']).toBe('no-store')
    const b: Browser = { cookie: cookieOf(r), csrf: r.json.csrf_token, from: newAddress() }
    const me = await as(b, '/session')
    expect(me.status).toBe(200)
    expect(me.json).toEqual({
      kind: 'user',
      username: 'alice',
      instance_admin: false,
      totp: false,
      project: 'default',
      role: 'admin',
      grants: ['read', 'ingest', 'operate', 'admin'],
      memberships: [{ project: 'default', role: 'admin' }],
      csrf_token: b.csrf,
      expires_at: expect.any(String),
    })
    expect((await as(b, '/jobs')).status).toBe(200)
    for (const text of [r.text, me.text]) expect(text).not.toMatch(/scrypt|password/)
    // the database holds the cookie's hash, not the cookie
    const id = b.cookie.split('=')[1]!
    expect(await t.app.store.inProject(1).getSession(id)).toBeNull()
    expect(await t.app.store.inProject(1).getSession(hashSessionId(id))).toMatchObject({
      csrfToken: b.csrf,
      ip: expect.stringMatching(/^127\./),
    })
  })

  it('answers a wrong password and an unknown user alike, with comparable work', async () => {
    await user('bob')
    const from = newAddress()
    const timed = async (username: string) => {
      const start = performance.now()
      const r = await signIn(username, 'wrong password here', from)
      return { r, ms: performance.now() - start }
    }
    const known = await timed('bob')
    const unknown = await timed('nobody-by-that-name')
    expect(known.r.status).toBe(401)
    expect(unknown.r.status).toBe(401)
    expect(unknown.r.text).toBe(known.r.text)
    expect(known.r.json.error).toEqual({ code: 'unauthorized', message: 'invalid username or password' })
    // both verify a scrypt hash (tens of milliseconds); a skipped hash would be ~1 ms
    expect(unknown.ms).toBeGreaterThan(known.ms / 4)
    expect((await signIn('bob', PASSWORD, from)).status).toBe(200)
  })

  it('refuses a malformed login body with 400', async () => {
    const r = await signIn('x', '', newAddress())
    expect(r.status).toBe(400)
    const bad = await httpFrom(url('/session'), { method: 'POST', json: { username: 3, password: 'p' } })
    expect(bad.status).toBe(400)
  })

  it('locks an account after 5 failures in a row: 429 with Retry-After, even for the right password; unknown names alike', async () => {
    await user('carol')
    const from = newAddress()
    for (let i = 0; i < 5; i++) expect((await signIn('carol', `wrong ${i} password`, from)).status).toBe(401)
    const locked = await signIn('carol', PASSWORD, from)
    expect(locked.status).toBe(429)
    expect(locked.headers['retry-after']).toBe('30')
    expect(locked.json.error.code).toBe('too_many_attempts')
    for (let i = 0; i < 5; i++) expect((await signIn('ghost', `wrong ${i} password`, from)).status).toBe(401)
    const ghost = await signIn('ghost', PASSWORD, from)
    expect(ghost.status).toBe(429)
    expect(ghost.text).toBe(locked.text)
    t.clock.advance(30_000)
    expect((await signIn('carol', PASSWORD, from)).status).toBe(200)
    // a success clears the count: one more failure does not lock again
    expect((await signIn('carol', 'wrong again password', from)).status).toBe(401)
    expect((await signIn('carol', PASSWORD, from)).status).toBe(200)
  })

  it('shows a locked account in the store and clears it when the password is changed', async () => {
    const u = await user('carlos')
    const from = newAddress()
    for (let i = 0; i < 5; i++) await signIn('carlos', `wrong ${i} password`, from)
    // a locked account's attempts are not even checked; after the lock, each failure doubles it
    expect((await signIn('carlos', 'wrong while locked', from)).status).toBe(429)
    t.clock.advance(30_000)
    expect((await signIn('carlos', 'wrong after the lock', from)).status).toBe(401)
    const stored = await t.app.store.inProject(1).getUser({ id: u.id })
    expect(stored!.failedLogins).toBe(6)
    expect(stored!.lockedUntil).toBe(t.clock.now() + 60_000)
    expect((await signIn('carlos', PASSWORD, from)).headers['retry-after']).toBe('60')
    await changePassword(t.app.store.inProject(1), 'carlos', 'a brand new password', t.clock.now())
    expect((await signIn('carlos', 'a brand new password', from)).status).toBe(200)
  })

  it('asks for the second factor; refuses a wrong or replayed code; a recovery code works once', async () => {
    await user('dora')
    const totp = await enableTotp(t.app.store.inProject(1), 'dora', t.clock.now())
    const from = newAddress()
    const missing = await signIn('dora', PASSWORD, from)
    expect(missing.status).toBe(401)
    expect(missing.json.error.code).toBe('totp_required')
    expect(missing.cookies).toEqual([])
    const code = totpCode(totp.secret, t.clock.now())
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0')
    expect((await signIn('dora', PASSWORD, from, { totp: wrong })).json.error.message).toBe(
      'invalid TOTP code or recovery code',
    )
    expect((await signIn('dora', 'not the password', from, { totp: code })).status).toBe(401)
    expect((await signIn('dora', PASSWORD, from, { totp: code })).status).toBe(200)
    const replay = await signIn('dora', PASSWORD, from, { totp: code })
    expect(replay.status).toBe(401)
    expect(replay.cookies).toEqual([])
    t.clock.advance(30_000)
    expect(
      (await signIn('dora', PASSWORD, from, { totp: totpCode(totp.secret, t.clock.now()) })).status,
    ).toBe(200)
    const recovery = totp.recoveryCodes[4]!
    expect((await signIn('dora', PASSWORD, from, { recovery_code: recovery.toLowerCase() })).status).toBe(200)
    expect((await signIn('dora', PASSWORD, from, { recovery_code: recovery })).status).toBe(401)
    expect((await t.app.store.inProject(1).getUser({ username: 'dora' }))!.recoveryCodes).toHaveLength(9)
  })

  it('needs the CSRF token on a cookie-authenticated change, and a same-origin Origin when one is sent', async () => {
    await user('erin')
    const b = await browser('erin')
    const job = { slug: 'csrf-job', schedule: { every: '1d' } }
    const none = await as(b, '/jobs', { method: 'POST', json: job })
    expect(none.status).toBe(403)
    expect(none.json.error).toEqual({ code: 'forbidden', message: 'csrf token missing or invalid' })
    const wrong = await as(b, '/jobs', {
      method: 'POST',
      json: job,
      headers: { 'X-CSRF-Token': `${b.csrf.slice(1)}x` },
    })
    expect(wrong.status).toBe(403)
    expect(await t.app.store.inProject(1).getJob({ slug: 'csrf-job' })).toBeNull()
    const evil = await as(b, '/jobs', {
      method: 'POST',
      json: job,
      headers: { 'X-CSRF-Token': b.csrf, Origin: 'https://evil.example' },
    })
    expect(evil.status).toBe(403)
    expect(evil.json.error.message).toBe('cross-origin request refused')
    const ok = await as(b, '/jobs', {
      method: 'POST',
      json: job,
      headers: { 'X-CSRF-Token': b.csrf, Origin: t.app.url },
    })
    expect(ok.status).toBe(201)
    // a login from another site is refused too (login CSRF)
    const cross = await httpFrom(url('/session'), {
      method: 'POST',
      json: { username: 'erin', password: PASSWORD },
      headers: { Origin: 'https://evil.example' },
      localAddress: newAddress(),
    })
    expect(cross.status).toBe(403)
  })

  it('lets a viewer read but not pause (403), an operator pause; a user without a role in the project is refused', async () => {
    const created = await httpFrom(url('/jobs'), {
      method: 'POST',
      json: { slug: 'roles-job', schedule: { every: '1d' } },
      headers: { Authorization: `Bearer ${ADMIN_TOKEN}` },
    })
    expect(created.status).toBe(201)
    await user('viv', 'viewer')
    await user('otto', 'operator')
    const viewer = await browser('viv')
    const operator = await browser('otto')
    expect((await as(viewer, '/jobs/roles-job')).status).toBe(200)
    const denied = await as(viewer, '/jobs/roles-job/pause', {
      method: 'POST',
      headers: { 'X-CSRF-Token': viewer.csrf },
    })
    expect(denied.status).toBe(403)
    expect(denied.json.error.message).toBe('this user has the viewer role; this request needs operator')
    const paused = await as(operator, '/jobs/roles-job/pause', {
      method: 'POST',
      headers: { 'X-CSRF-Token': operator.csrf },
    })
    expect(paused.status).toBe(200)
    expect(paused.json.paused).toBe(true)
    const del = await as(operator, '/jobs/roles-job', {
      method: 'DELETE',
      headers: { 'X-CSRF-Token': operator.csrf },
    })
    expect(del.status).toBe(403)
    expect(del.json.error.message).toBe('this user has the operator role; this request needs admin')
    // the project is chosen by header or parameter; one the user may not see does not exist
    expect((await as(viewer, '/jobs?project=default')).status).toBe(200)
    const other = await as(viewer, '/jobs', { headers: { 'X-Backwatch-Project': 'elsewhere' } })
    expect(other.status).toBe(404)
    expect(other.json.error.message).toBe('project not found')
  })

  it('signs out: the session row is gone, the old cookie no longer works', async () => {
    await user('fay')
    const b = await browser('fay')
    const noCsrf = await as(b, '/session', { method: 'DELETE' })
    expect(noCsrf.status).toBe(403)
    const out = await as(b, '/session', { method: 'DELETE', headers: { 'X-CSRF-Token': b.csrf } })
    expect(out.status).toBe(204)
    expect(out.cookies[0]).toMatch(/^backwatch_session=; HttpOnly; SameSite=Lax; Path=\/; Max-Age=0$/)
    const after = await as(b, '/jobs')
    expect(after.status).toBe(401)
    expect(after.json.error.message).toBe('session expired or invalid: sign in again')
  })

  it('revokes sessions when the password changes or the user is removed', async () => {
    await user('gus')
    await user('hal')
    const gus = await browser('gus')
    const hal = await browser('hal')
    await changePassword(t.app.store.inProject(1), 'gus', 'another long password', t.clock.now())
    expect((await as(gus, '/jobs')).status).toBe(401)
    await removeUser(t.app.store.inProject(1), 'hal')
    expect((await as(hal, '/jobs')).status).toBe(401)
  })

  it('expires a session after 7 idle days; use slides the deadline (cookie renewed)', async () => {
    await user('ida')
    const b = await browser('ida')
    t.clock.advance(6 * DAY)
    const used = await as(b, '/jobs')
    expect(used.status).toBe(200)
    expect(used.cookies[0]).toMatch(
      /^backwatch_session=[^;]+; HttpOnly; SameSite=Lax; Path=\/; Max-Age=604800$/,
    )
    // within a minute of the last write, nothing is written again
    t.clock.advance(30_000)
    expect((await as(b, '/jobs')).cookies).toEqual([])
    t.clock.advance(6 * DAY)
    expect((await as(b, '/jobs')).status).toBe(200)
    t.clock.advance(7 * DAY)
    const expired = await as(b, '/jobs')
    expect(expired.status).toBe(401)
    expect(expired.cookies[0]).toMatch(/Max-Age=0/)
  })

  it('a token still works next to sessions, and GET /session describes it', async () => {
    const r = await httpFrom(url('/session'), { headers: { Authorization: `Bearer ${ADMIN_TOKEN}` } })
    expect(r.status).toBe(200)
    expect(r.json).toEqual({
      kind: 'token',
      name: 'BACKWATCH_API_TOKEN',
      project: 'default',
      grants: ['read', 'ingest', 'operate', 'admin'],
    })
    expect((await httpFrom(url('/session'))).status).toBe(401)
  })
})

describe('sessions behind https', () => {
  let t: SessionApp
  beforeAll(async () => {
    t = await startSessionApp('sqlite', { baseUrl: 'https://backwatch.example.com' })
  })
  afterAll(async () => {
    await t.stop()
  })

  it('marks the cookie Secure and accepts the base URL as origin', async () => {
    await addUser(
      t.app.store.inProject(1),
      { username: 'sec', password: PASSWORD, instanceAdmin: true, role: 'admin', project: 'default' },
      t.clock.now(),
    )
    const from = newAddress()
    const r = await httpFrom(`${t.app.url}/api/v1/session`, {
      method: 'POST',
      json: { username: 'sec', password: PASSWORD },
      headers: { Origin: 'https://backwatch.example.com' },
      localAddress: from,
    })
    expect(r.status).toBe(200)
    expect(r.cookies[0]).toMatch(/; HttpOnly; SameSite=Lax; Path=\/; Max-Age=604800; Secure$/)
    // an instance admin may act in any project it names (only `default` exists for now)
    const me = await httpFrom(`${t.app.url}/api/v1/session`, {
      headers: { Cookie: cookieOf(r) },
      localAddress: from,
    })
    expect(me.json).toMatchObject({ instance_admin: true, role: 'admin', project: 'default' })
  })
})

describe('per-address throttle', () => {
  let t: SessionApp
  beforeAll(async () => {
    t = await startSessionApp('sqlite')
  })
  afterAll(async () => {
    await t.stop()
  })

  it('after 20 failures from one address in 10 minutes, that address waits (429); others do not', async () => {
    await addUser(
      t.app.store.inProject(1),
      { username: 'ivy', password: PASSWORD, instanceAdmin: false, role: 'viewer', project: 'default' },
      t.clock.now(),
    )
    const sprayer = newAddress()
    const post = (username: string, password: string, from: string) =>
      httpFrom(`${t.app.url}/api/v1/session`, {
        method: 'POST',
        json: { username, password },
        localAddress: from,
      })
    // a password spray: one guess for each of many names, none locked on its own
    for (let i = 0; i < 20; i++) {
      expect((await post(`user${i}`, 'spring2026 password', sprayer)).status).toBe(401)
      t.clock.advance(1000)
    }
    const blocked = await post('ivy', PASSWORD, sprayer)
    expect(blocked.status).toBe(429)
    expect(blocked.headers['retry-after']).toBe(String(600 - 20))
    expect((await post('ivy', PASSWORD, newAddress())).status).toBe(200)
    t.clock.advance(600_000)
    expect((await post('ivy', PASSWORD, sprayer)).status).toBe(200)
  }, 60_000)
})
