// Two projects on one real Backwatch, each with one of everything: A (the default project) and B.
// Both have a job with the same slug (`nightly`) and one of their own, a server, runs (pings and a
// run report), an alert (a failed run), a silence, a channel, a policy, a token of every scope and
// a user with a session. B's texts carry secrets (names, uuids, ping key, log) that no answer to
// A may contain. The clock stands still: B's answers cannot change by themselves.
import { randomBytes } from 'node:crypto'
import { addUser } from '../../src/app/users/user-admin.js'
import { hashToken } from '../../src/auth/token-hash.js'
import { ManualClock } from '../../src/clock.js'
import type { Config } from '../../src/config/config.js'
import type { Capability } from '../../src/domain/access.js'
import { DEFAULT_PROJECT_ID } from '../../src/domain/projects.js'
import { silentLogger } from '../../src/log.js'
import { type Backwatch, startBackwatch } from '../../src/server/start-backwatch.js'
import { ADMIN_TOKEN, eventually, tempDir, testConfig } from './app.js'
import { type Answer, type Caller, type Req, send, tokenCaller, userCaller } from './isolation-http.js'
import { startReceiver } from './receiver.js'
import { adminQuery, withSearchPath } from './stores.js'

export const T0 = Date.UTC(2026, 2, 2, 12, 0, 0)
const ALL: Capability[] = ['read', 'ingest', 'operate', 'admin']

export interface JobRef {
  id: number
  slug: string
  uuid: string
}

/** One project's resources, as the matrix aims requests at them. */
export interface Side {
  id: number
  slug: string
  pingKey: string
  tokens: { admin: string; read: string; ingest: string }
  /** a token made through the API (revocable there), and the name of a config file's token */
  apiToken: { id: number; name: string }
  configToken: string
  username: string
  password: string
  /** `nightly`: the slug both projects have */
  shared: JobRef
  /** a slug only this project has */
  own: JobRef
  server: { id: number; name: string }
  runId: number
  alertId: number
  silence: { id: number; name: string }
  channel: string
  channelUrl: string
  /** the environment of its policy */
  environment: string
  /** a dashboard asset's path (the same for every project) */
  asset: string
  /** its identifiers and texts: none may reach an answer to the other project unless sent in the request */
  secrets: string[]
}

export interface World {
  url: string
  app: Backwatch
  clock: ManualClock
  a: Side
  b: Side
  /** A's principals: a token of each scope and a user (admin role) signed in */
  callers: Caller[]
  bAdmin: Caller
  /** B's user, signed in: B's snapshot reads the dashboard's pages as it */
  bUser: Caller
  /** the bootstrap token: an instance admin, for the routes no principal of A may use */
  instanceAdmin: Caller
  /** A copy of A with a new job, server, silence, channel, policy and API token, for a positive control that deletes. */
  freshA(): Promise<Side>
  /** sends req as A's admin token and expects a 2xx (setup and clean-up) */
  asAdminA(req: Req): Promise<Answer>
  stop(): Promise<void>
}

const rand = () => randomBytes(6).toString('hex')

async function startApp(kind: 'sqlite' | 'postgres', clock: ManualClock, config: Partial<Config>) {
  const tmp = tempDir('backwatch-isolation-')
  const cleanups: (() => Promise<void> | void)[] = [() => tmp.cleanup()]
  let database: Config['database'] = { kind: 'sqlite', path: `${tmp.dir}/b.db` }
  if (kind === 'postgres') {
    const url = process.env.BACKWATCH_TEST_PG_URL!
    const schema = `bw_isolation_${rand()}`
    await adminQuery(url, `create schema ${schema}`)
    cleanups.push(() => adminQuery(url, `drop schema if exists ${schema} cascade`))
    database = { kind: 'postgres', url: withSearchPath(url, schema) }
  }
  const app = await startBackwatch(testConfig(tmp.dir, { database, ...config }), { log: silentLogger, clock })
  return { app, cleanups }
}

async function ok(url: string, req: Req, headers: Record<string, string>): Promise<Answer> {
  const r = await send(url, req, headers)
  if (r.status >= 300) throw new Error(`${req.method} ${req.path}: ${r.status} ${r.text}`)
  return r
}

/** Fills project `id` through its own admin token and its ping key. */
async function fill(w: { url: string; app: Backwatch }, id: number, p: string, channelUrl: string) {
  const slug = id === DEFAULT_PROJECT_ID ? 'default' : p
  const project = (await w.app.store.getProject({ slug }))!
  const tokens = {
    admin: `${p}-admin-${rand()}`,
    read: `${p}-read-${rand()}`,
    ingest: `${p}-ingest-${rand()}`,
  }
  await w.app.store.inProject(id).syncTokens(
    'config',
    Object.entries(tokens).map(([scope, token]) => ({
      name: `${p}-${scope}-token`,
      scope,
      hash: hashToken(token),
    })),
    T0,
  )
  const auth = { Authorization: `Bearer ${tokens.admin}` }
  const api = (method: string, path: string, body?: unknown) =>
    ok(w.url, { method, path: `/api/v1${path}`, body }, auth)
  const ping = (path: string, body?: string) =>
    ok(w.url, { method: 'POST', path: `/ping/${project.pingKey}/${path}`, body: body ?? '' }, {})
  const secret = `${p.toUpperCase()}-ZQX`
  const server = (
    await api('POST', '/servers', { name: `${p}-srv`, environment: `${p}-env`, tags: [`${secret}-tag`] })
  ).json
  const job = async (jobSlug: string) => {
    const body = { slug: jobSlug, name: `${secret} ${jobSlug}`, server: server.name, environment: `${p}-env` }
    const created = (await api('POST', '/jobs', body)).json
    return { id: created.id as number, slug: jobSlug, uuid: created.uuid as string }
  }
  const shared = await job('nightly')
  const own = await job(`${p}-own`)
  const environment = `${p}-env`
  await api('PUT', `/policies/${environment}`, { max_age: '2d' })
  const channel = `${p}-channel`
  await api('POST', '/channels', { name: channel, type: 'webhook', url: channelUrl })
  const silence = (
    await api('POST', '/silences', {
      name: `${p}-silence`,
      match: { jobs: ['nightly'] },
      duration: '30d',
      comment: `${secret} silence`,
    })
  ).json
  await ping('nightly/start')
  await ping('nightly', `${secret} nightly log`)
  await ping(`${own.slug}/fail`, `${secret} failure log`)
  const report = { job: own.slug, status: 'failed', log: `${secret} report log`, exit_code: 2 }
  const run = (await ok(w.url, { method: 'POST', path: '/api/v1/runs', body: report }, auth)).json
  const alerts = await eventually(async () => {
    const r = (await api('GET', `/alerts?job=${own.slug}&status=active`)).json
    return r.items.length > 0 ? r.items : null
  })
  const made = (await api('POST', '/tokens', { name: `${p}-api-token`, scope: 'read' })).json
  const username = `${p}-user`
  const password = `${p} password ${rand()}`
  await addUser(w.app.store, { username, password, instanceAdmin: false, role: 'admin', project: slug }, T0)
  const side: Side = {
    id,
    slug,
    pingKey: project.pingKey,
    tokens,
    apiToken: { id: made.id, name: made.name },
    configToken: `${p}-read-token`,
    username,
    password,
    shared,
    own,
    server: { id: server.id, name: server.name },
    runId: run.id,
    alertId: alerts[0].id,
    silence: { id: silence.id, name: silence.name },
    channel,
    channelUrl,
    environment,
    asset: '',
    secrets: [],
  }
  side.secrets = [
    secret,
    project.pingKey,
    shared.uuid,
    own.uuid,
    own.slug,
    server.name,
    silence.name,
    channel,
    environment,
    username,
    ...Object.values(tokens),
    ...Object.keys(tokens).map((scope) => `${p}-${scope}-token`),
    made.name,
    made.token,
    ...(slug === 'default' ? [] : [slug, project.name]),
  ]
  return side
}

export async function startIsolationWorld(kind: 'sqlite' | 'postgres'): Promise<World> {
  const clock = new ManualClock(T0)
  const receiver = await startReceiver()
  const { app, cleanups } = await startApp(kind, clock, { pingKey: `alpha-key-${rand()}` })
  cleanups.unshift(() => receiver.close())
  const url = app.url
  const bProject = await app.store.createProject(
    { slug: 'bravo', name: 'Bravo ZQX project', pingKey: `bravo-key-${rand()}`, source: 'api' },
    T0,
  )
  // the ping keys are cached: a key unknown to the cache is looked up again a second later
  clock.advance(2_000)
  const a = await fill({ url, app }, DEFAULT_PROJECT_ID, 'alpha', `${receiver.url}/alpha-hook`)
  // B's channel leads nowhere: its alert's delivery fails and waits for a retry that never comes
  const b = await fill({ url, app }, bProject.id, 'bravo', 'http://127.0.0.1:9/BRAVO-ZQX-hook')
  const asAdminA = (req: Req) => ok(url, req, { Authorization: `Bearer ${a.tokens.admin}` })
  const callers = [
    tokenCaller('admin token', a.tokens.admin, ALL),
    tokenCaller('ingest token', a.tokens.ingest, ['read', 'ingest']),
    tokenCaller('read token', a.tokens.read, ['read']),
    await userCaller(url, 'user session', { username: a.username, password: a.password }, ALL),
  ]
  // the assets' names carry a hash of their content: read one off the sign-in page
  const login = await send(url, { method: 'GET', path: '/login' })
  a.asset = b.asset = /\/assets\/[^"]+/.exec(login.text)![0]
  const bUser = await userCaller(url, 'B user', { username: b.username, password: b.password }, ALL)
  let n = 0
  async function freshA(): Promise<Side> {
    const tag = `alpha-tmp-${++n}`
    const api = (method: string, path: string, body: unknown) =>
      asAdminA({ method, path: `/api/v1${path}`, body })
    const server = (await api('POST', '/servers', { name: tag })).json
    const job = (await api('POST', '/jobs', { slug: tag })).json
    const silence = (await api('POST', '/silences', { name: tag, match: { jobs: [tag] }, duration: '1h' }))
      .json
    await api('POST', '/channels', { name: tag, type: 'webhook', url: `${receiver.url}/${tag}` })
    await api('PUT', `/policies/${tag}`, {})
    const token = (await api('POST', '/tokens', { name: tag, scope: 'read' })).json
    // the new server has no job: its server.unprotected alert is one to resolve
    const alerts = (await api('GET', `/alerts?server=${tag}&status=active`, undefined)).json
    return {
      ...a,
      alertId: alerts.items[0].id,
      apiToken: { id: token.id, name: tag },
      own: { id: job.id, slug: tag, uuid: job.uuid },
      server: { id: server.id, name: tag },
      silence: { id: silence.id, name: tag },
      channel: tag,
      channelUrl: `${receiver.url}/${tag}`,
      environment: tag,
    }
  }
  return {
    url,
    app,
    clock,
    a,
    b,
    callers,
    bAdmin: tokenCaller('B admin token', b.tokens.admin, ALL),
    bUser,
    instanceAdmin: tokenCaller('bootstrap token', ADMIN_TOKEN, ALL),
    freshA,
    asAdminA,
    async stop() {
      await app.stop()
      for (const c of cleanups.reverse()) await c()
    },
  }
}
