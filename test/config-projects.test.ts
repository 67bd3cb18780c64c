// The config file's `projects:` applied at start (issue 12), on SQLite and PostgreSQL: each
// project made with its sections, the same job slug and server name in several projects, slug
// pings resolved by each project's ping key, uuid pings global, a project's token acting in it;
// across a restart a configured key is written, an unconfigured one kept, a project dropped from
// the file kept with a warning.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { loadConfig } from '../src/config/config.js'
import type { Logger } from '../src/log.js'
import { type Backwatch, startBackwatch } from '../src/server/start-backwatch.js'
import { eventually, tempDir, testConfig } from './support/app.js'
import { backends, type OpenedBackend } from './support/stores.js'

const BETA_UUID = '5d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6'
const ACME_TOKEN = 'acme-ingest-token-0123456789'

const FILE = [
  'ping_key: default-ping-key-01',
  'jobs: [{slug: nightly, server: db-01}]',
  'servers: [{name: db-01}]',
  'projects:',
  '  - slug: acme',
  '    name: ACME Corp',
  '    ping_key: acme-ping-key-0001',
  `    tokens: [{name: ci, scope: ingest, token: "${ACME_TOKEN}"}]`,
  '    servers: [{name: db-01, heartbeat_timeout: 1h}]',
  '    jobs: [{slug: nightly, server: db-01, schedule: {every: 1d}}]',
  '    channels: [{name: ops, type: webhook, url: "http://127.0.0.1:9/acme"}]',
  '  - slug: beta',
  `    jobs: [{slug: nightly, uuid: ${BETA_UUID}}]`,
  '    silences: [{name: quiet, match: {jobs: [nightly]}, ends_at: "2099-01-01T00:00:00Z"}]',
]

describe.each(backends)('config projects: on $name', (backend) => {
  let db: OpenedBackend
  let app: Backwatch | null = null
  const warnings: string[] = []
  const cleanups: (() => void)[] = []
  const log: Logger = { info() {}, warn: (msg) => warnings.push(msg), error() {} }

  async function start(lines: string[]): Promise<Backwatch> {
    const tmp = tempDir('backwatch-projects-')
    cleanups.push(tmp.cleanup)
    writeFileSync(join(tmp.dir, 'backwatch.yaml'), lines.join('\n'))
    const loaded = loadConfig({ env: {}, cwd: tmp.dir })
    const config = testConfig(tmp.dir, {
      ...loaded,
      database: db.target,
      listen: { host: '127.0.0.1', port: 0 },
    })
    app = await startBackwatch(config, { log })
    return app
  }
  const ping = (path: string) => fetch(`${app!.url}/ping/${path}`).then((r) => r.status)
  const project = async (slug: string) => (await app!.store.getProject({ slug }))!
  const runsOf = async (slug: string) => {
    const store = app!.store.inProject((await project(slug)).id)
    const job = (await store.getJob({ slug: 'nightly' }))!
    return (await store.listRuns({ job: job.id }, { limit: 50, cursor: null })).items.map((r) => r.status)
  }

  afterEach(async () => {
    await app?.stop()
    app = null
    warnings.length = 0
    await db.cleanup()
    for (const c of cleanups.splice(0)) c()
  })

  it('makes each project with its sections; each ping lands in its own project', async () => {
    db = await backend.open()
    await db.store.close()
    await start(FILE)
    const acme = await project('acme')
    const beta = await project('beta')
    expect(acme).toMatchObject({ name: 'ACME Corp', pingKey: 'acme-ping-key-0001', source: 'config' })
    expect(beta).toMatchObject({ name: 'beta', source: 'config' })
    expect(beta.pingKey).toMatch(/^[A-Za-z0-9_-]{22}$/)

    // one job `nightly` and one server `db-01` in each project, three apart
    const jobs = await Promise.all(
      [1, acme.id, beta.id].map((id) => app!.store.inProject(id).getJob({ slug: 'nightly' })),
    )
    expect(new Set(jobs.map((j) => j!.id)).size).toBe(3)
    expect(jobs.map((j) => j!.projectId)).toEqual([1, acme.id, beta.id])
    const servers = await Promise.all(
      [1, acme.id].map((id) => app!.store.inProject(id).getServer({ name: 'db-01' })),
    )
    expect(servers.map((s) => s!.heartbeatTimeout)).toEqual([null, 3_600_000])
    expect(jobs[1]!.serverId).toBe(servers[1]!.id)
    expect((await app!.store.inProject(acme.id).listChannels()).map((c) => c.name)).toEqual(['ops'])
    expect((await app!.store.inProject(1).listChannels()).map((c) => c.name)).toEqual([])
    expect((await app!.store.inProject(beta.id).getSilence({ name: 'quiet' }))?.source).toBe('config')

    expect(await ping('acme-ping-key-0001/nightly')).toBe(200)
    expect(await ping(`${beta.pingKey}/nightly/fail`)).toBe(200)
    expect(await ping('default-ping-key-01/nightly/start')).toBe(200)
    expect(await ping('acme-ping-key-0001/unknown')).toBe(404)
    await eventually(async () => (await runsOf('acme')).length === 1)
    expect(await runsOf('acme')).toEqual(['succeeded'])
    expect(await runsOf('beta')).toEqual(['failed'])
    expect(await runsOf('default')).toEqual(['running'])
    // a uuid ping needs no key: uuids are unique in the installation
    expect(await ping(BETA_UUID)).toBe(200)
    expect(await runsOf('beta')).toEqual(['succeeded', 'failed'])

    // the project's token acts in its project
    const mine = await fetch(`${app!.url}/api/v1/jobs`, {
      headers: { Authorization: `Bearer ${ACME_TOKEN}` },
    })
    const body = (await mine.json()) as { items: { id: number; server: string }[] }
    expect(body.items.map((j) => [j.id, j.server])).toEqual([[jobs[1]!.id, 'db-01']])
  })

  it('across a restart: a configured key is written, a kept one stays, a dropped project stays with a warning', async () => {
    db = await backend.open()
    await db.store.close()
    await start(FILE)
    const betaKey = (await project('beta')).pingKey
    await app!.stop()
    app = null
    // acme's key changes in the file, beta loses its lines, gamma is new
    const next = FILE.filter(
      (l) => !l.includes('uuid') && !l.includes('slug: beta') && !l.includes('silences'),
    ).map((l) => l.replace('acme-ping-key-0001', 'acme-ping-key-0002'))
    await start([...next, '  - {slug: gamma, name: Gamma}'])
    expect((await project('acme')).pingKey).toBe('acme-ping-key-0002')
    expect((await project('gamma')).name).toBe('Gamma')
    expect(await project('beta')).toMatchObject({ pingKey: betaKey, source: 'config' })
    expect(await runsOf('beta')).toEqual([])
    expect(warnings).toEqual([
      expect.stringContaining('project "beta" is no longer in the config file; kept'),
    ])
    expect(await ping('acme-ping-key-0001/nightly')).toBe(404)
    expect(await ping('acme-ping-key-0002/nightly')).toBe(200)
    expect(await ping(`${betaKey}/nightly`)).toBe(200)
    await app!.stop()
    app = null
    // no ping_key for acme any more: its stored key stays
    await start(next.filter((l) => !l.includes('acme-ping-key')))
    expect((await project('acme')).pingKey).toBe('acme-ping-key-0002')
  })
})
