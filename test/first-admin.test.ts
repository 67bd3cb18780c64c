// BACKWATCH_ADMIN_PASSWORD (+ BACKWATCH_ADMIN_USER) with a real `backwatch serve` process: the
// first instance admin, made once, signing in through POST /api/v1/session.
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tempDir } from './support/app.js'
import { backwatchArgs, ROOT, startServerProcess } from './support/child.js'

describe('BACKWATCH_ADMIN_PASSWORD', { timeout: 90_000 }, () => {
  const tmp = tempDir('backwatch-first-admin-')
  const database = `sqlite:${join(tmp.dir, 'b.db')}`
  afterAll(() => tmp.cleanup())
  const signIn = (url: string, username: string, password: string) =>
    fetch(`${url}/api/v1/session`, { method: 'POST', body: JSON.stringify({ username, password }) })

  let firstOutput = ''
  beforeAll(async () => {
    const server = await startServerProcess(['--listen', '127.0.0.1:0', '--database', database], {
      BACKWATCH_CONFIG: '',
      BACKWATCH_ADMIN_USER: 'boss',
      BACKWATCH_ADMIN_PASSWORD: 'first admin password',
    })
    try {
      expect((await signIn(server.url, 'boss', 'first admin password')).status).toBe(200)
    } finally {
      await server.stop()
      firstOutput = server.output()
    }
  }, 90_000)

  it('creates the first instance admin at start, and never logs the password', () => {
    expect(firstOutput).toContain('created the first instance admin')
    expect(firstOutput).not.toContain('first admin password')
  })

  it('does nothing once a user exists (the password is not reset)', async () => {
    const server = await startServerProcess(['--listen', '127.0.0.1:0', '--database', database], {
      BACKWATCH_CONFIG: '',
      BACKWATCH_ADMIN_PASSWORD: 'another admin password',
    })
    try {
      expect((await signIn(server.url, 'boss', 'first admin password')).status).toBe(200)
      expect((await signIn(server.url, 'admin', 'another admin password')).status).toBe(401)
    } finally {
      await server.stop()
    }
  })

  it('refuses to start with a short one', () => {
    const fresh = `sqlite:${join(tmp.dir, 'short.db')}`
    const r = spawnSync(
      process.execPath,
      backwatchArgs(['serve', '--listen', '127.0.0.1:0', '--database', fresh]),
      {
        cwd: ROOT,
        env: { ...process.env, BACKWATCH_CONFIG: '', BACKWATCH_ADMIN_PASSWORD: 'short' },
        encoding: 'utf8',
        timeout: 30_000,
      },
    )
    expect(r.status).toBe(2)
    expect(r.stderr).toContain('BACKWATCH_ADMIN_PASSWORD: a password needs at least 12 characters')
  })
})
