// What applying the config file changes is audited with the file as the actor (SQLite and
// PostgreSQL): created at the first start, only what changed at the next, deleted or ended when
// the file no longer declares it; an unchanged file adds nothing.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { configRecorder } from '../src/app/audit-trail.js'
import { applyConfig } from '../src/app/config/apply-config.js'
import { applySilences } from '../src/app/config/apply-silences.js'
import { defaultJob } from '../src/app/jobs/job-defaults.js'
import { loadConfig } from '../src/config/config.js'
import type { Store } from '../src/store/store.js'
import { backends, openEachTest } from './support/stores.js'

const T0 = Date.UTC(2026, 0, 5, 9, 0, 0)

const FIRST = `
servers:
  - {name: db01, environment: production}
jobs:
  - {slug: db01-nightly, server: db01, schedule: {every: 1d}}
  - {slug: web-hourly, schedule: {every: 1h}}
policies:
  production: {max_age: 26h}
channels:
  - {name: ops-hook, type: webhook, url: "http://127.0.0.1:9/hook"}
silences:
  - {name: patching, match: {servers: [db01]}, starts_at: "2026-01-05T08:00:00Z", ends_at: "2026-01-05T12:00:00Z"}
`

const SECOND = `
servers:
  - {name: db01, environment: staging}
jobs:
  - {slug: db01-nightly, server: db01, schedule: {every: 1d}}
  - {slug: web-hourly, schedule: {every: 2h}}
policies: {}
channels: []
silences: []
`

describe.each(backends)('config file audit on $name', (backend) => {
  let store: Store
  let dir: string
  openEachTest(backend, (o) => {
    store = o.store
  })
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'backwatch-config-audit-'))
  })
  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  async function apply(yaml: string, now: number) {
    const path = join(dir, 'backwatch.yaml')
    writeFileSync(path, yaml)
    const config = loadConfig({ flags: { config: path }, env: {}, cwd: dir })
    const audit = configRecorder(config.configPath, now)
    await applyConfig(store, config, now, { audit, fromFile: true })
    await applySilences(store, config.silences, now, audit)
    return path
  }

  const events = async (since: number) =>
    (await store.listAudit({ since }, { limit: 500, cursor: null })).items
      .map((e) => `${e.action} ${e.target.name}`)
      .sort()

  it('records what the file creates, changes and removes, as the file', async () => {
    const path = await apply(FIRST, T0)
    expect(await events(T0)).toEqual([
      'channel.created ops-hook',
      'job.created db01-nightly',
      'job.created web-hourly',
      'policy.created production',
      'server.created db01',
      'silence.created patching',
    ])
    const [one] = (await store.listAudit({}, { limit: 1, cursor: null })).items
    expect(one).toMatchObject({ actor: { kind: 'config', id: null, name: path }, ip: null })

    // a job made through the API that the file then declares becomes the file's, silently
    await store.createJob({ ...defaultJob('adopted'), tool: 'restic' }, T0 + 500)
    await apply(FIRST.replace('jobs:\n', 'jobs:\n  - {slug: adopted, tool: restic}\n'), T0 + 600)
    expect(await events(T0 + 500)).toEqual([])
    await apply(FIRST, T0 + 700)
    expect(await events(T0 + 700)).toEqual(['job.deleted adopted'])

    // the same file again: nothing changed, nothing recorded
    await apply(FIRST, T0 + 1000)
    expect(await events(T0 + 1000)).toEqual([])

    await apply(SECOND, T0 + 2000)
    expect(await events(T0 + 2000)).toEqual([
      'channel.deleted ops-hook',
      'job.updated web-hourly',
      'policy.deleted production',
      'server.updated db01',
      'silence.ended patching',
    ])
    const [changed] = (await store.listAudit({ action: 'server.updated' }, { limit: 1, cursor: null })).items
    expect(changed?.details).toEqual({ fields: ['environment'] })
  })
})
