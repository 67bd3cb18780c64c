// A person's first run: `backwatch serve` as a child process, the real borgmatic 1.7.7 and borg
// pinging it through borgmatic's own healthchecks hook.
import { renameSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { borgmaticLab, healthchecksHook } from './support/borgmatic.js'
import { hasTool } from './support/tools.js'

const TOKEN = 'e2e-admin-token-0123456789abcdef'
const UUID = '9b2f7c1e-4d3a-4e5f-8a6b-7c8d9e0f1a2b'
const tools = hasTool('borgmatic') && hasTool('borg')

describe.skipIf(!tools)('borgmatic healthchecks hook end to end', () => {
  const lab = borgmaticLab('backwatch-e2e-')
  const repo = join(lab.dir, 'repo')
  const { api } = lab
  const borgmatic = () => lab.borgmatic('borgmatic.yaml')

  beforeAll(async () => {
    const server = await lab.start(
      `jobs:\n  - slug: lab-borgmatic\n    uuid: ${UUID}\n    tool: borgmatic\n    schedule: {every: 1d}\n`,
      { token: TOKEN },
    )
    lab.writeConfig('borgmatic.yaml', repo, healthchecksHook(server.url, UUID))
    lab.initRepo(repo)
  }, 60_000)

  afterAll(() => lab.stop())

  type Run = {
    id: number
    status: string
    failure_kind: string | null
    log?: string
    started_at: string | null
    duration: number | null
    size_bytes: number | null
    added_bytes: number | null
    files_total: number | null
    error: string | null
    details: Record<string, unknown> | null
  }
  type Job = { status: string; last_run: Run | null }
  type Alert = { type: string; status: string; summary: string }

  it('records a successful backup with its log and borg’s numbers from the --stats text, and the job is up', async () => {
    const result = borgmatic()
    expect(result.status, result.stderr).toBe(0)
    const job = await api<Job>('/jobs/lab-borgmatic')
    expect(job.status).toBe('up')
    expect(job.last_run!.status).toBe('succeeded')
    expect(job.last_run!.started_at).not.toBeNull()
    expect(job.last_run!.duration).toBeGreaterThan(0)
    const run = await api<Run>(`/runs/${job.last_run!.id}`)
    expect(run.log).toContain('Archive name:')
    // the numbers a native borg report gives, read from the stats text the hook sent
    expect(run.files_total).toBe(5)
    expect(run.size_bytes).toBeGreaterThanOrEqual(5000) // five files of 1000 bytes (borg's own metadata adds some)
    expect(run.added_bytes).toBeGreaterThan(0)
    expect(run.details).toMatchObject({ repository: repo, archive: expect.stringMatching(/\S/) })
    expect(run.log).toContain(`Archive name: ${run.details!.archive}`)
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
    // the line of the log saying why is the run's error, and the alert says it
    expect(run.error).toBe(`Repository ${repo} does not exist.`)
    expect(run.size_bytes).toBeNull()
    const alerts = await api<{ items: Alert[] }>('/alerts?job=lab-borgmatic&status=active')
    expect(alerts.items.map((a) => a.type)).toEqual(['job.failed'])
    expect(alerts.items[0]!.summary).toContain('lab-borgmatic')
    expect(alerts.items[0]!.summary).toContain(`: Repository ${repo} does not exist.`)
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
