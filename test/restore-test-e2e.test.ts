// Restore-test freshness end to end (issue 16 item 1): a real `backwatch serve` whose default
// policy wants a restore test every few seconds, a real restic repository, and the README's
// recipe `backwatch run --kind restore_test -- restic restore latest --verify`.
import { spawnSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { eventually, tempDir } from './support/app.js'
import { type ServerProcess, startServerProcess } from './support/child.js'
import { hasTool } from './support/tools.js'
import { cli } from './support/wrapper.js'

const TOKEN = 'restore-e2e-admin-token-0123456789'
const MAX_AGE_S = 4

interface AlertView {
  id: number
  type: string
  status: string
  job: string | null
  summary: string
  details: Record<string, unknown>
}

describe.skipIf(!hasTool('restic'))('restore tests keep a job verified restorable', () => {
  const tmp = tempDir('backwatch-restore-e2e-')
  const dir = (...p: string[]) => join(tmp.dir, ...p)
  let server: ServerProcess
  const toolEnv = { RESTIC_PASSWORD: 'restore-e2e-password', RESTIC_CACHE_DIR: dir('cache'), HOME: tmp.dir }
  const env = () => ({ ...toolEnv, BACKWATCH_URL: server.url, BACKWATCH_TOKEN: TOKEN })
  const api = async <T>(path: string): Promise<T> => {
    const res = await fetch(`${server.url}/api/v1${path}`, { headers: { Authorization: `Bearer ${TOKEN}` } })
    expect(res.status, `GET ${path}`).toBe(200)
    return (await res.json()) as T
  }
  const untested = async () =>
    (await api<{ items: AlertView[] }>('/alerts?type=job.restore_untested')).items.filter(
      (a) => a.job === 'files',
    )

  beforeAll(async () => {
    writeFileSync(dir('data.txt'), 'precious\n'.repeat(1000))
    writeFileSync(dir('backwatch.yaml'), `policies:\n  default:\n    restore_test_max_age: ${MAX_AGE_S}s\n`)
    const init = spawnSync('restic', ['-r', dir('repo'), 'init'], { env: { ...process.env, ...toolEnv } })
    expect(init.status, String(init.stderr)).toBe(0)
    server = await startServerProcess(
      ['--listen', '127.0.0.1:0', '--database', `sqlite:${dir('bw.db')}`, '--config', dir('backwatch.yaml')],
      { BACKWATCH_API_TOKEN: TOKEN },
    )
  })
  afterAll(async () => {
    await server?.stop()
    tmp.cleanup()
  })

  it('a job never restore-tested opens job.restore_untested; a passing restore test resolves it', async () => {
    const backup = await cli(
      ['run', '--job', 'files', '--', 'restic', '-r', dir('repo'), 'backup', dir('data.txt')],
      env(),
    )
    expect(backup.status, backup.stderr).toBe(0)
    const job = await api<{ last_restore_test_at: string | null; effective_policy: Record<string, unknown> }>(
      '/jobs/files',
    )
    expect(job.last_restore_test_at).toBeNull()
    expect(job.effective_policy.restore_test_max_age).toBe(`${MAX_AGE_S}s`)

    // the evaluator wakes at the instant the policy's age is exceeded: no run, no ping needed
    const [opened] = await eventually(async () => {
      const open = (await untested()).filter((a) => a.status === 'active')
      return open.length > 0 ? open : undefined
    }, 15_000)
    expect(opened).toMatchObject({ type: 'job.restore_untested', status: 'active' })
    expect(opened!.summary).toMatch(
      /^files has never run a successful restore test in the .+ since it was created \(policy: 4s\)$/,
    )
    expect(opened!.details.last_restore_test_at).toBeNull()

    const restore = await cli(
      [
        'run',
        '--job',
        'files',
        '--kind',
        'restore_test',
        '--',
        'restic',
        '-r',
        dir('repo'),
        'restore',
        'latest',
        '--target',
        dir('restored'),
        '--verify',
      ],
      env(),
    )
    expect(restore.status, restore.stderr).toBe(0)
    const tested = await api<{ last_restore_test_at: string | null; last_success_at: string | null }>(
      '/jobs/files',
    )
    expect(tested.last_restore_test_at).not.toBeNull()
    const runs = await api<{ items: { kind: string; status: string }[] }>('/runs?job=files')
    expect(runs.items.map((r) => [r.kind, r.status])).toEqual([
      ['restore_test', 'succeeded'],
      ['backup', 'succeeded'],
    ])
    const resolved = (await untested()).find((a) => a.id === opened!.id)
    expect(resolved?.status).toBe('resolved')

    const report = await cli(['report'], env())
    expect(report.status, report.stderr).toBe(0)
    expect(report.stdout.toString()).toMatch(
      /^Restores 1 job verified restorable, the least recently .+ ago \(\d{4}-\d\d-\d\d \d\d:\d\d UTC\)$/m,
    )
  })

  it('a failing restore test does not count: it opens job.failed and leaves the last verified restore', async () => {
    const before = await api<{ last_restore_test_at: string | null }>('/jobs/files')
    const failing = await cli(
      [
        'run',
        '--job',
        'files',
        '--kind',
        'restore_test',
        '--',
        'restic',
        '-r',
        dir('repo'),
        'restore',
        'deadbeef',
        '--target',
        dir('x'),
      ],
      env(),
    )
    expect(failing.status).not.toBe(0)
    const after = await api<{ last_restore_test_at: string | null }>('/jobs/files')
    expect(after.last_restore_test_at).toBe(before.last_restore_test_at)
    const failed = await api<{ items: AlertView[] }>('/alerts?status=active&type=job.failed')
    expect(failed.items.find((a) => a.job === 'files')?.summary).toMatch(/Restore test/)
  })
})
