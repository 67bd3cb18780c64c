// `backwatch silence add|list|expire` as a user runs it, against a real server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ADMIN_TOKEN, type ApiApp, READ_TOKEN, startApiApp } from './support/api-app.js'
import { execBackwatch } from './support/child.js'

let t: ApiApp

const cli = (args: string[], token = ADMIN_TOKEN) =>
  execBackwatch(['silence', ...args], { BACKWATCH_URL: t.url, BACKWATCH_TOKEN: token })

describe('backwatch silence', () => {
  beforeAll(async () => {
    t = await startApiApp()
  })
  afterAll(async () => {
    await t.stop()
  })

  it('adds, lists and expires a silence', async () => {
    const added = await cli([
      'add',
      '--server',
      'nas',
      '--server',
      'nas2',
      '--type',
      'job.failed',
      '--duration',
      '4h',
      '--comment',
      'disk swap',
      '--author',
      'alice',
      '--name',
      'swap',
    ])
    expect(added.stderr).toBe('')
    expect(added.stdout).toMatch(/^silence \d+ active until \d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z\n$/)
    const listed = await cli(['list'], READ_TOKEN)
    expect(listed.code).toBe(0)
    expect(listed.stdout).toContain('(swap)')
    expect(listed.stdout).toContain('types=job.failed servers=nas,nas2')
    expect(listed.stdout).toContain('alice: disk swap')
    const expired = await cli(['expire', 'swap'])
    expect(expired.stdout).toBe('silence swap ended\n')
    expect((await cli(['list'], READ_TOKEN)).stdout).toBe('no silences\n')
    expect((await cli(['list', '--all'], READ_TOKEN)).stdout).toContain('expired')
  })

  it('explains what is wrong: no matcher, bad duration, read-only token, unknown silence', async () => {
    const none = await cli(['add', '--duration', '1h'])
    expect(none.code).toBe(2)
    expect(none.stderr).toContain('give at least one matcher')
    const bad = await cli(['add', '--job', 'x', '--duration', 'soon'])
    expect(bad.code).toBe(1)
    expect(bad.stderr).toContain('duration')
    const readOnly = await cli(['add', '--job', 'x', '--duration', '1h'], READ_TOKEN)
    expect(readOnly.code).toBe(1)
    expect(readOnly.stderr).toContain('403')
    const unknown = await cli(['expire', '999'])
    expect(unknown.stderr).toContain('404')
  })
})
