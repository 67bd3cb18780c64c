// `backwatch users …` against a real database file.
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { verifyPassword } from '../src/auth/password.js'
import { hashRecoveryCode } from '../src/auth/recovery-codes.js'
import { openStore } from '../src/store/open-store.js'
import { tempDir } from './support/app.js'
import { backwatchArgs, ROOT } from './support/child.js'

const PASSWORD = 'a long enough password'
/** a session row is keyed by the SHA-256 of the cookie's id */
const sessionHash = (id: string) => createHash('sha256').update(id).digest('hex')

function users(args: string[], opts: { input?: string; env?: NodeJS.ProcessEnv } = {}) {
  const r = spawnSync(process.execPath, backwatchArgs(['users', ...args]), {
    cwd: ROOT,
    env: { ...process.env, BACKWATCH_CONFIG: '', BACKWATCH_DATABASE_URL: '', ...opts.env },
    input: opts.input ?? '',
    encoding: 'utf8',
    timeout: 30_000,
  })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}

// each run starts Node with tsx: seconds apiece on a loaded machine
describe('backwatch users', { timeout: 120_000 }, () => {
  const tmp = tempDir('backwatch-users-cli-')
  const dbFile = join(tmp.dir, 'data', 'backwatch.db')
  const db = ['--database', `sqlite:${dbFile}`]
  const withStore = async <T>(fn: (store: Awaited<ReturnType<typeof openStore>>) => Promise<T>) => {
    const store = await openStore({ kind: 'sqlite', path: dbFile })
    try {
      return await fn(store)
    } finally {
      await store.close()
    }
  }
  afterAll(() => tmp.cleanup())

  it('prints its help and refuses unknown actions and roles', () => {
    const help = users(['--help'])
    expect(help.code).toBe(0)
    expect(help.stdout).toMatch(/^Usage: backwatch users add NAME/)
    expect(users(['frob', ...db]).code).toBe(2)
    expect(users(['add', 'x', '--role', 'boss', '--password-stdin', ...db], { input: PASSWORD }).code).toBe(2)
  })

  it('adds users from standard input, never printing the password', () => {
    const ok = users(['add', 'alice', '--role', 'operator', '--password-stdin', ...db], {
      input: `${PASSWORD}\n`,
    })
    expect(ok.stderr).toBe('')
    expect(ok.code).toBe(0)
    expect(ok.stdout).toBe('user "alice" created (operator in default)\n')
    expect(ok.stdout + ok.stderr).not.toContain(PASSWORD)
    const admin = users(['add', 'root', '--admin', '--password-stdin', ...db], { input: PASSWORD })
    expect(admin.stdout).toBe('user "root" created (instance admin)\n')
  })

  it('refuses short passwords and taken names', () => {
    const short = users(['add', 'bob', '--password-stdin', ...db], { input: 'elevenchars' })
    expect(short.code).toBe(1)
    expect(short.stderr).toContain('a password needs at least 12 characters')
    const taken = users(['add', 'alice', '--password-stdin', ...db], { input: PASSWORD })
    expect(taken.code).toBe(1)
    expect(taken.stderr).toContain('user "alice" already exists')
  })

  it('needs a terminal or --password-stdin, and a known project', () => {
    const noTty = users(['add', 'carol', ...db])
    expect(noTty.code).toBe(2)
    expect(noTty.stderr).toContain('--password-stdin')
    const unknownProject = users(['add', 'dan', '--project', 'nope', '--password-stdin', ...db], {
      input: PASSWORD,
    })
    expect(unknownProject.code).toBe(1)
    expect(unknownProject.stderr).toContain('project "nope" not found')
  })

  it('lists users as text and JSON, never with a hash', async () => {
    const text = users(['list', ...db])
    expect(text.code).toBe(0)
    expect(text.stdout).toMatch(/^alice\s+operator@default\nroot\s+instance admin\n$/)
    const json = users(['list', '--json', ...db])
    expect(JSON.parse(json.stdout)).toEqual([
      {
        username: 'alice',
        instance_admin: false,
        totp: false,
        memberships: [{ project: 'default', role: 'operator' }],
        locked_until: null,
        created_at: expect.any(String),
      },
      {
        username: 'root',
        instance_admin: true,
        totp: false,
        memberships: [{ project: 'default', role: 'admin' }],
        locked_until: null,
        created_at: expect.any(String),
      },
    ])
    expect(json.stdout).not.toContain('scrypt')
    const stored = await withStore((s) => s.getUser({ username: 'alice' }))
    expect(await verifyPassword(PASSWORD, stored!.passwordHash)).toBe(true)
  })

  it('passwd sets a new password and ends the sessions', async () => {
    const alice = (await withStore((s) => s.getUser({ username: 'alice' })))!
    await withStore((s) =>
      s.createSession({
        idHash: sessionHash('some-session-id-0123456789'),
        userId: alice.id,
        csrfToken: 'c',
        createdAt: 0,
        lastSeenAt: 0,
        expiresAt: Date.now() + 60_000,
        ip: null,
        userAgent: null,
      }),
    )
    const r = users(['passwd', 'alice', '--password-stdin', ...db], { input: 'the new password 2026' })
    expect(r.code).toBe(0)
    expect(r.stdout).toBe('password of "alice" changed; 1 session(s) ended\n')
    const after = (await withStore((s) => s.getUser({ username: 'alice' })))!
    expect(await verifyPassword('the new password 2026', after.passwordHash)).toBe(true)
    expect(await withStore((s) => s.getSession(sessionHash('some-session-id-0123456789')))).toBeNull()
    expect(users(['passwd', 'nobody', '--password-stdin', ...db], { input: PASSWORD }).stderr).toContain(
      'user "nobody" not found',
    )
  })

  it('totp enable prints the otpauth URI and ten recovery codes once; disable turns it off', async () => {
    const r = users(['totp', 'enable', 'alice', ...db])
    expect(r.code).toBe(0)
    const uri = /otpauth:\/\/totp\/\S+/.exec(r.stdout)?.[0]
    expect(uri).toMatch(/^otpauth:\/\/totp\/Backwatch:alice\?/)
    const codes = r.stdout.match(/^ {2}[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/gm)!.map((c) => c.trim())
    expect(codes).toHaveLength(10)
    const stored = (await withStore((s) => s.getUser({ username: 'alice' })))!
    expect(new URL(uri!).searchParams.get('secret')).toBe(stored.totpSecret)
    expect(stored.recoveryCodes).toEqual(codes.map(hashRecoveryCode))
    expect(JSON.parse(users(['list', '--json', ...db]).stdout)[0].totp).toBe(true)
    expect(users(['totp', 'disable', 'alice', ...db]).stdout).toBe('TOTP disabled for "alice"\n')
    expect((await withStore((s) => s.getUser({ username: 'alice' })))!.totpSecret).toBeNull()
  })

  it('finds the database through the config file, and removes users', async () => {
    const config = join(tmp.dir, 'backwatch.yaml')
    writeFileSync(config, `database: sqlite:${dbFile}\n`)
    const r = users(['remove', 'alice', '--config', config])
    expect(r.code).toBe(0)
    expect(r.stdout).toBe('user "alice" removed\n')
    expect(users(['list'], { env: { BACKWATCH_CONFIG: config } }).stdout).toMatch(/^root\s+instance admin\n$/)
    expect(users(['remove', 'alice', ...db]).code).toBe(1)
  })
})
