// `backwatch tokens …` as a real process against a real database file: the secret printed once and
// working against a server on that database, listed without it, revoked; clear refusals.
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { hashToken } from '../src/auth/token-hash.js'
import { silentLogger } from '../src/log.js'
import { startBackwatch } from '../src/server/start-backwatch.js'
import { openStore } from '../src/store/open-store.js'
import { tempDir, testConfig } from './support/app.js'
import { backwatchArgs, ROOT } from './support/child.js'

function tokens(args: string[]) {
  const r = spawnSync(process.execPath, backwatchArgs(['tokens', ...args]), {
    cwd: ROOT,
    env: { ...process.env, BACKWATCH_CONFIG: '', BACKWATCH_DATABASE_URL: '' },
    encoding: 'utf8',
    timeout: 60_000,
  })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}

// each run starts Node with tsx: seconds apiece on a loaded machine
describe('backwatch tokens', { timeout: 120_000 }, () => {
  const tmp = tempDir('backwatch-tokens-cli-')
  const dbFile = join(tmp.dir, 'backwatch.db')
  const db = ['--database', `sqlite:${dbFile}`]
  let secret = ''
  afterAll(() => tmp.cleanup())

  it('prints its help and each action’s', () => {
    const help = tokens(['--help'])
    expect(help.code).toBe(0)
    expect(help.stdout).toMatch(/^Usage: backwatch tokens add NAME --scope read\|ingest\|admin/)
    const add = tokens(['add', '--help'])
    expect(add.code).toBe(0)
    expect(add.stdout).toMatch(/^Usage: backwatch tokens add NAME/)
    expect(add.stdout).toContain('printed on standard output, once')
    expect(tokens(['revoke', '-h']).stdout).toMatch(/^Usage: backwatch tokens revoke NAME\|ID/)
    const unknown = tokens(['frob', ...db])
    expect(unknown.code).toBe(2)
    expect(unknown.stderr).toContain('unknown tokens action "frob"')
  })

  it('adds a token and prints its secret alone on standard output', async () => {
    const r = tokens(['add', 'ci', '--scope', 'ingest', ...db])
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/^bw_[A-Za-z0-9_-]{43}\n$/)
    expect(r.stderr).toBe(
      'token "ci" (ingest) created in project "default". Its secret follows, shown this once:\n',
    )
    secret = r.stdout.trim()
    const store = await openStore({ kind: 'sqlite', path: dbFile })
    try {
      expect(await store.findTokenByHash(hashToken(secret))).toMatchObject({
        name: 'ci',
        scope: 'ingest',
        source: 'api',
        projectId: 1,
        prefix: secret.slice(0, 11),
        createdBy: 'cli',
      })
    } finally {
      await store.close()
    }
  })

  it('the secret authenticates against a server on that database, which records its use', async () => {
    const app = await startBackwatch(testConfig(tmp.dir, { apiToken: null }), { log: silentLogger })
    try {
      const res = await fetch(`${app.url}/api/v1/info`, { headers: { Authorization: `Bearer ${secret}` } })
      expect(res.status).toBe(200)
      expect(((await res.json()) as { project: string }).project).toBe('default')
      // a later request has gone through the store after the use was written
      await fetch(`${app.url}/api/v1/info`, { headers: { Authorization: `Bearer ${secret}` } })
    } finally {
      await app.stop()
    }
    const json = tokens(['list', '--json', ...db])
    expect(json.code).toBe(0)
    expect(JSON.parse(json.stdout)).toEqual([
      {
        id: expect.any(Number),
        name: 'ci',
        scope: 'ingest',
        source: 'api',
        prefix: secret.slice(0, 11),
        created_by: 'cli',
        created_at: expect.any(String),
        last_used_at: expect.any(String),
      },
    ])
    const text = tokens(['list', ...db])
    expect(text.stdout).toMatch(
      /^NAME +SCOPE +SOURCE +PREFIX +CREATED +LAST USED\nci +ingest +api +bw_\S{8}… +\d{4}-\d\d-\d\d \d\d:\d\dZ +\d{4}-/,
    )
    expect(json.stdout + text.stdout).not.toContain(secret)
    expect(json.stdout + text.stdout).not.toContain(hashToken(secret))
  })

  it('refuses a taken name, a bad name, a bad scope and an unknown project', () => {
    const taken = tokens(['add', 'ci', '--scope', 'read', ...db])
    expect(taken.code).toBe(1)
    expect(taken.stderr).toBe('backwatch: a token named "ci" already exists in this project\n')
    expect(taken.stdout).toBe('')
    const badName = tokens(['add', 'c i', '--scope', 'read', ...db])
    expect(badName.code).toBe(1)
    expect(badName.stderr).toContain('a token name is 1 to 100 letters')
    const badScope = tokens(['add', 'x', '--scope', 'operate', ...db])
    expect(badScope.code).toBe(2)
    expect(badScope.stderr).toContain('--scope must be one of read, ingest, admin')
    const noProject = tokens(['list', '--project', 'nope', ...db])
    expect(noProject.code).toBe(1)
    expect(noProject.stderr).toBe('backwatch: project "nope" not found\n')
  })

  it('revokes by name or id; a second time is not found', async () => {
    const id = JSON.parse(tokens(['list', '--json', ...db]).stdout)[0].id
    const r = tokens(['revoke', String(id), ...db])
    expect(r.code).toBe(0)
    expect(r.stdout).toBe('token "ci" revoked in project "default"\n')
    const again = tokens(['revoke', 'ci', ...db])
    expect(again.code).toBe(1)
    expect(again.stderr).toBe('backwatch: token "ci" not found\n')
    expect(tokens(['list', ...db]).stdout).toBe('no tokens\n')
  })

  it('leaves the tokens of the config file to the file', async () => {
    const app = await startBackwatch(
      testConfig(tmp.dir, {
        apiToken: null,
        tokens: [{ name: 'filed', scope: 'read', token: 'filed-token-0123456789' }],
      }),
      { log: silentLogger },
    )
    await app.stop()
    const r = tokens(['revoke', 'filed', ...db])
    expect(r.code).toBe(1)
    expect(r.stderr).toBe(
      'backwatch: token "filed" is defined in the configuration file (tokens:): change or remove it there\n',
    )
  })
})
