// `backwatch audit` as a real process, on a database a real server wrote its audit log into.
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hashToken } from '../src/auth/token-hash.js'
import { silentLogger } from '../src/log.js'
import { startBackwatch } from '../src/server/start-backwatch.js'
import { ADMIN_TOKEN, tempDir, testConfig } from './support/app.js'
import { runBackwatch } from './support/child.js'

const ACME_TOKEN = 'acme-admin-token-0123456789'

// each run starts Node with tsx: seconds apiece on a loaded machine
describe('backwatch audit', { timeout: 120_000 }, () => {
  const tmp = tempDir('backwatch-audit-cli-')
  const db = ['--database', `sqlite:${join(tmp.dir, 'backwatch.db')}`]
  const audit = (args: string[]) => {
    const r = runBackwatch(['audit', ...args, ...db], { BACKWATCH_CONFIG: '', BACKWATCH_DATABASE_URL: '' })
    return { code: r.status, stdout: r.stdout, stderr: r.stderr }
  }

  beforeAll(async () => {
    const app = await startBackwatch(testConfig(tmp.dir), { log: silentLogger })
    const call = (path: string, method: string, body?: unknown, token = ADMIN_TOKEN) =>
      fetch(`${app.url}/api/v1${path}`, {
        method,
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        ...(body !== undefined && { body: JSON.stringify(body) }),
      })
    await call('/jobs', 'POST', { slug: 'db-nightly' })
    await call('/jobs/db-nightly/pause', 'POST')
    await call('/silences', 'POST', { name: 'maint', match: { jobs: ['db-nightly'] }, duration: '1h' })
    const acme = await app.store.createProject(
      { slug: 'acme', name: 'Acme', pingKey: 'acme-ping-key-0001', source: 'api' },
      Date.now(),
    )
    await app.store
      .inProject(acme.id)
      .syncTokens('config', [{ name: 'acme-admin', scope: 'admin', hash: hashToken(ACME_TOKEN) }], Date.now())
    await call('/jobs', 'POST', { slug: 'acme-job' }, ACME_TOKEN)
    await app.stop()
  })
  afterAll(() => tmp.cleanup())

  it('prints the default project log newest first, one line per event', () => {
    const r = audit(['--since', '24h'])
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    const lines = r.stdout.trimEnd().split('\n')
    expect(lines).toHaveLength(3)
    expect(lines[0]).toMatch(
      /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ {2}token BACKWATCH_API_TOKEN \(127\.0\.0\.1\) {2}silence\.created {2}silence maint/,
    )
    expect(lines[1]).toContain('  job.paused  job db-nightly')
    expect(lines[2]).toContain('  job.created  job db-nightly  {"fields":["slug"]}')
    expect(r.stdout).not.toContain('acme-job')
  })

  it('filters, reads another project, and prints JSON as the API does', () => {
    const acme = audit(['--project', 'acme', '--json'])
    expect(acme.code).toBe(0)
    expect(JSON.parse(acme.stdout)).toEqual([
      {
        id: expect.any(Number),
        at: expect.any(String),
        actor: { kind: 'token', id: expect.any(Number), name: 'acme-admin' },
        action: 'job.created',
        target: { kind: 'job', id: expect.any(String), name: 'acme-job' },
        details: { fields: ['slug'] },
        ip: '127.0.0.1',
      },
    ])
    expect(audit(['--action', 'job.*', '--limit', '1']).stdout).toContain('job.paused')
    expect(audit(['--since', '2999-01-01']).stdout).toBe('no events\n')
  })

  it('refuses bad flags (exit 2) and an unknown project (exit 1)', () => {
    const help = audit(['--help'])
    expect(help.code).toBe(0)
    expect(help.stdout).toMatch(/^Usage: backwatch audit/)
    expect(audit(['--since', 'yesterday'])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--since'),
    })
    expect(audit(['--action', 'DROP'])).toMatchObject({ code: 2 })
    const unknown = audit(['--project', 'nope'])
    expect(unknown.code).toBe(1)
    expect(unknown.stderr).toContain('project "nope" not found')
  })
})
