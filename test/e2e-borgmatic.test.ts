// A person's first run: `backwatch serve` as a child process, the real borgmatic 1.7.7 and borg
// pinging it through borgmatic's own healthchecks hook.
import { spawnSync } from 'node:child_process'
import { mkdirSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tempDir } from './support/app.js'
import { type ServerProcess, startServerProcess } from './support/child.js'
import { hasTool } from './support/tools.js'

const TOKEN = 'e2e-admin-token-0123456789abcdef'
const UUID = '9b2f7c1e-4d3a-4e5f-8a6b-7c8d9e0f1a2b'
const tools = hasTool('borgmatic') && hasTool('borg')

describe.skipIf(!tools)('borgmatic healthchecks hook end to end', () => {
  const tmp = tempDir('backwatch-e2e-')
  const repo = join(tmp.dir, 'repo')
  const env = {
    BORG_BASE_DIR: join(tmp.dir, 'borg-home'),
    BORG_UNKNOWN_UNENCRYPTED_REPO_ACCESS_IS_OK: 'yes',
    BORG_RELOCATED_REPO_ACCESS_IS_OK: 'yes',
    HOME: tmp.dir,
  }
  let server: ServerProcess

  const api = async <T>(path: string): Promise<T> => {
    const res = await fetch(`${server.url}/api/v1${path}`, { headers: { Authorization: `Bearer ${TOKEN}` } })
    expect(res.status, `GET ${path}`).toBe(200)
    return (await res.json()) as T
  }
  const borgmatic = () =>
    spawnSync(
      'borgmatic',
      ['--config', join(tmp.dir, 'borgmatic.yaml'), '--verbosity', '1', 'create', '--stats'],
      {
        env: { ...process.env, ...env },
        encoding: 'utf8',
        timeout: 120_000,
      },
    )

  beforeAll(async () => {
    mkdirSync(join(tmp.dir, 'src'))
    for (let i = 0; i < 5; i++)
      writeFileSync(join(tmp.dir, 'src', `file${i}.txt`), `content ${i}\n`.repeat(100))
    writeFileSync(
      join(tmp.dir, 'backwatch.yaml'),
      `jobs:\n  - slug: lab-borgmatic\n    uuid: ${UUID}\n    tool: borgmatic\n    schedule: {every: 1d}\n`,
    )
    server = await startServerProcess(
      [
        '--listen',
        '127.0.0.1:0',
        '--database',
        `sqlite:${join(tmp.dir, 'bw.db')}`,
        '--config',
        join(tmp.dir, 'backwatch.yaml'),
      ],
      { BACKWATCH_API_TOKEN: TOKEN },
    )
    writeFileSync(
      join(tmp.dir, 'borgmatic.yaml'),
      [
        'location:',
        '    source_directories:',
        `        - ${join(tmp.dir, 'src')}`,
        '    repositories:',
        `        - ${repo}`,
        'storage:',
        '    unknown_unencrypted_repo_access_is_ok: true',
        'retention:',
        '    keep_daily: 7',
        'hooks:',
        '    healthchecks:',
        `        ping_url: ${server.url}/ping/${UUID}`,
        '',
      ].join('\n'),
    )
    const init = spawnSync('borg', ['init', '--encryption', 'none', repo], {
      env: { ...process.env, ...env },
      encoding: 'utf8',
    })
    expect(init.status, init.stderr).toBe(0)
  }, 60_000)

  afterAll(async () => {
    if (server) expect(await server.stop()).toBe(0)
    tmp.cleanup()
  })

  type Run = {
    id: number
    status: string
    failure_kind: string | null
    log?: string
    started_at: string | null
    duration: number | null
  }
  type Job = { status: string; last_run: Run | null }
  type Alert = { type: string; status: string; summary: string }

  it('records a successful backup with its log, and the job is up', async () => {
    const result = borgmatic()
    expect(result.status, result.stderr).toBe(0)
    const job = await api<Job>('/jobs/lab-borgmatic')
    expect(job.status).toBe('up')
    expect(job.last_run!.status).toBe('succeeded')
    expect(job.last_run!.started_at).not.toBeNull()
    expect(job.last_run!.duration).toBeGreaterThan(0)
    const run = await api<Run>(`/runs/${job.last_run!.id}`)
    expect(run.log).toContain('Archive name:')
  })

  it('records a failure with borg’s error when the repository is missing; the job is down with job.failed', async () => {
    renameSync(repo, `${repo}.away`)
    const result = borgmatic()
    expect(result.status).not.toBe(0)
    const job = await api<Job>('/jobs/lab-borgmatic')
    expect(job.status).toBe('down')
    expect(job.last_run!.status).toBe('failed')
    const run = await api<Run>(`/runs/${job.last_run!.id}`)
    expect(run.log).toMatch(/does not exist|not a valid repository/i)
    const alerts = await api<{ items: Alert[] }>('/alerts?job=lab-borgmatic&status=active')
    expect(alerts.items.map((a) => a.type)).toEqual(['job.failed'])
    expect(alerts.items[0]!.summary).toContain('lab-borgmatic')
  })

  it('a later success resolves the alert', async () => {
    renameSync(`${repo}.away`, repo)
    const result = borgmatic()
    expect(result.status, result.stderr).toBe(0)
    const job = await api<Job>('/jobs/lab-borgmatic')
    expect(job.status).toBe('up')
    const active = await api<{ items: Alert[] }>('/alerts?job=lab-borgmatic&status=active')
    expect(active.items).toEqual([])
    const all = await api<{ items: Alert[] }>('/alerts?job=lab-borgmatic')
    expect(all.items.map((a) => [a.type, a.status])).toEqual([['job.failed', 'resolved']])
    const runs = await api<{ items: Run[] }>('/runs?job=lab-borgmatic')
    expect(runs.items.map((r) => r.status)).toEqual(['succeeded', 'failed', 'succeeded'])
  })
})
