// The `backwatch` command as a user runs it: help, check-config, and jobs against a live server.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ADMIN_TOKEN, startTestApp, type TestApp, tempDir } from './support/app.js'
import { execBackwatch as cli, runBackwatch } from './support/child.js'

describe('help and usage', () => {
  it('prints help for the command and each subcommand', () => {
    const top = runBackwatch(['--help'])
    expect(top.status).toBe(0)
    expect(top.stdout).toContain('check-config')
    for (const sub of ['serve', 'check-config', 'jobs']) {
      const r = runBackwatch([sub, '--help'])
      expect(r.status, sub).toBe(0)
      expect(r.stdout).toMatch(/^Usage: backwatch/)
    }
  })

  it('rejects an unknown command and an unknown flag with exit 2', () => {
    expect(runBackwatch(['frobnicate']).status).toBe(2)
    const r = runBackwatch(['serve', '--no-such-flag'])
    expect(r.status).toBe(2)
    expect(r.stderr).toContain('no-such-flag')
  })
})

describe('check-config', () => {
  const tmp = tempDir()
  afterAll(() => tmp.cleanup())

  it('accepts a valid file', () => {
    const file = join(tmp.dir, 'ok.yaml')
    writeFileSync(file, 'jobs:\n  - slug: a\n    schedule: {every: 1d}\n')
    const r = runBackwatch(['check-config', file])
    expect(r.status).toBe(0)
    expect(r.stdout).toContain('OK (0 servers, 1 job')
  })

  it('names the key path and line of every problem, exit 1', () => {
    const file = join(tmp.dir, 'bad.yaml')
    writeFileSync(file, 'jobs:\n  - slug: a\n    schedule: {cron: "0 25 * * *"}\n  - slug: B!\n')
    const r = runBackwatch(['check-config', file])
    expect(r.status).toBe(1)
    expect(r.stderr).toContain('jobs[0].schedule.cron: invalid cron expression "0 25 * * *"')
    expect(r.stderr).toContain('(line 3)')
    expect(r.stderr).toMatch(/jobs\[1\]\.slug: .*\(line 4\)/)
  })

  it('reports the problems of projects: by their path', () => {
    const file = join(tmp.dir, 'projects.yaml')
    writeFileSync(
      file,
      'projects:\n  - slug: acme\n    jobs:\n      - slug: a\n      - slug: a\n  - slug: Acme\n',
    )
    const r = runBackwatch(['check-config', file])
    expect(r.status).toBe(1)
    expect(r.stderr.trim().split('\n')).toEqual([
      'projects[0].jobs[1].slug: duplicate slug "a", already used by projects[0].jobs[0] (line 5)',
      'projects[1].slug: must be 1 to 63 lower-case letters, digits and "-", starting with a letter or digit (line 6)',
    ])
  })

  it('serve refuses to start on an invalid file', () => {
    const file = join(tmp.dir, 'bad2.yaml')
    writeFileSync(file, 'listen: nonsense\n')
    const r = runBackwatch(['serve', '--config', file])
    expect(r.status).toBe(2)
    expect(r.stderr).toContain('listen')
  })
})

describe('jobs against a running server', () => {
  let t: TestApp
  const READ = 'cli-read-token-0123456789'
  beforeAll(async () => {
    t = await startTestApp({ tokens: [{ name: 'reader', scope: 'read', token: READ }] })
  })
  afterAll(() => t.close())
  const env = () => ({ BACKWATCH_URL: t.url, BACKWATCH_TOKEN: ADMIN_TOKEN })

  it('adds, lists, pauses and resumes a job', async () => {
    const add = await cli(
      ['jobs', 'add', 'db01-nightly', '--cron', '0 2 * * *', '--tz', 'Europe/Berlin', '--grace', '2h'],
      env(),
    )
    expect(add.code, add.stderr).toBe(0)
    expect(add.stdout).toMatch(new RegExp(`ping URL: ${t.url}/ping/[0-9a-f-]{36}`))
    const list = await cli(['jobs', 'list'], env())
    expect(list.code).toBe(0)
    expect(list.stdout).toMatch(/db01-nightly\s+new\s+0 2 \* \* \* Europe\/Berlin/)
    const pause = await cli(['jobs', 'pause', 'db01-nightly'], env())
    expect(pause.stdout.trim()).toBe('db01-nightly: paused')
    const resume = await cli(['jobs', 'resume', 'db01-nightly'], env())
    expect(resume.stdout.trim()).toBe('db01-nightly: new')
  })

  it('lists jobs for a read token with their unique keys instead of ping URLs', async () => {
    const add = await cli(['jobs', 'add', 'web01-files', '--every', '1h'], env())
    const uuid = /ping\/([0-9a-f-]{36})/.exec(add.stdout)![1]!
    const list = await cli(['jobs', 'list'], { BACKWATCH_URL: t.url, BACKWATCH_TOKEN: READ })
    expect(list.code, list.stderr).toBe(0)
    expect(list.stdout).toMatch(/SLUG\s+STATUS\s+SCHEDULE\s+LAST SUCCESS\s+NEXT DUE\s+KEY\n/)
    expect(list.stdout).toMatch(/web01-files\s+new\s+every 1h\s+-\s+-\s+[0-9a-f]{40}\n/)
    expect(list.stdout).not.toContain(uuid)
    expect(list.stdout).not.toContain('undefined')
  })

  it('reports the server’s validation message and a wrong token clearly', async () => {
    const bad = await cli(['jobs', 'add', 'x', '--cron', '0 25 * * *'], env())
    expect(bad.code).toBe(1)
    expect(bad.stderr).toContain('invalid cron expression "0 25 * * *"')
    const denied = await cli(['jobs', 'list'], {
      BACKWATCH_URL: t.url,
      BACKWATCH_TOKEN: 'wrong-token-123456789',
    })
    expect(denied.code).toBe(1)
    expect(denied.stderr).toContain('401')
    const down = await cli(['jobs', 'list'], {
      BACKWATCH_URL: 'http://127.0.0.1:9',
      BACKWATCH_TOKEN: ADMIN_TOKEN,
    })
    expect(down.code).toBe(1)
    expect(down.stderr).toContain('cannot reach Backwatch')
  })
})
