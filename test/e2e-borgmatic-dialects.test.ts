// borgmatic 1.7.7's cronitor and cronhub hooks against `backwatch serve` as a child process, with
// the real borg: they must record the same runs as its healthchecks hook does.
// borgmatic 1.7.7: cronitor GETs <ping_url>/run|complete|fail; cronhub GETs its ping_url with
// "/start/" (or "/ping/") replaced by "/start/", "/finish/", "/fail/". Neither sends a body.
import { renameSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { borgmaticLab, healthchecksHook } from './support/borgmatic.js'
import { hasTool } from './support/tools.js'

const TOKEN = 'e2e-admin-token-0123456789abcdef'
const tools = hasTool('borgmatic') && hasTool('borg')

interface Hook {
  name: 'healthchecks' | 'cronitor' | 'cronhub'
  slug: string
  uuid: string
  source: string
  /** the borgmatic `hooks:` entry, given Backwatch's base URL */
  config(base: string): string
}

const HOOKS: Hook[] = [
  {
    name: 'healthchecks',
    slug: 'via-healthchecks',
    uuid: '6a0e1f2d-3c4b-4a59-8e7d-1f2a3b4c5d01',
    source: 'healthchecks',
    config: (base) => healthchecksHook(base, '6a0e1f2d-3c4b-4a59-8e7d-1f2a3b4c5d01'),
  },
  {
    name: 'cronitor',
    slug: 'via-cronitor',
    uuid: '6a0e1f2d-3c4b-4a59-8e7d-1f2a3b4c5d02',
    source: 'cronitor',
    config: (base) =>
      `    cronitor:\n        ping_url: ${base}/cronitor/6a0e1f2d-3c4b-4a59-8e7d-1f2a3b4c5d02`,
  },
  {
    name: 'cronhub',
    slug: 'via-cronhub',
    uuid: '6a0e1f2d-3c4b-4a59-8e7d-1f2a3b4c5d03',
    source: 'cronhub',
    config: (base) =>
      `    cronhub:\n        ping_url: ${base}/cronhub/start/6a0e1f2d-3c4b-4a59-8e7d-1f2a3b4c5d03`,
  },
]

type Run = {
  id: number
  status: string
  failure_kind: string | null
  source: string
  started_at: string | null
  finished_at: string | null
  duration: number | null
}
type Job = { status: string; last_run: Run | null }
type Alert = { type: string; status: string }

describe.skipIf(!tools)('borgmatic cronitor and cronhub hooks end to end', () => {
  const lab = borgmaticLab('backwatch-e2e-dialects-')
  const repo = (hook: Hook) => join(lab.dir, `repo-${hook.name}`)
  const { api } = lab
  const borgmatic = (hook: Hook) => {
    const result = lab.borgmatic(`borgmatic-${hook.name}.yaml`)
    // borgmatic only warns when a hook's request fails: make that a test failure.
    expect(`${result.stdout}${result.stderr}`).not.toMatch(/(Healthchecks|Cronitor|Cronhub) error/)
    return result
  }
  /** Oldest first, as the shape every hook must produce. */
  const runs = async (hook: Hook) => (await api<{ items: Run[] }>(`/runs?job=${hook.slug}`)).items.reverse()

  beforeAll(async () => {
    const server = await lab.start(
      [
        'jobs:',
        ...HOOKS.flatMap((h) => [
          `  - slug: ${h.slug}`,
          `    uuid: ${h.uuid}`,
          '    tool: borgmatic',
          '    schedule: {every: 1d}',
        ]),
        '',
      ].join('\n'),
      { token: TOKEN },
    )
    for (const hook of HOOKS) {
      lab.writeConfig(`borgmatic-${hook.name}.yaml`, repo(hook), hook.config(server.url))
      lab.initRepo(repo(hook))
    }
  }, 60_000)

  afterAll(() => lab.stop())

  it.each(HOOKS)('$name: a successful backup is a succeeded run from start to finish', async (hook) => {
    const result = borgmatic(hook)
    expect(result.status, result.stderr).toBe(0)
    const job = await api<Job>(`/jobs/${hook.slug}`)
    expect(job.status).toBe('up')
    expect(job.last_run).toMatchObject({ status: 'succeeded', failure_kind: null, source: hook.source })
    expect(job.last_run!.started_at).not.toBeNull()
    expect(job.last_run!.finished_at).not.toBeNull()
    expect(job.last_run!.duration).toBeGreaterThan(0)
  })

  it.each(HOOKS)(
    '$name: a missing repository is a failed run; the job is down with job.failed',
    async (hook) => {
      renameSync(repo(hook), `${repo(hook)}.away`)
      const result = borgmatic(hook)
      expect(result.status).not.toBe(0)
      const job = await api<Job>(`/jobs/${hook.slug}`)
      expect(job.status).toBe('down')
      expect(job.last_run).toMatchObject({ status: 'failed', failure_kind: 'error', source: hook.source })
      expect(job.last_run!.started_at).not.toBeNull()
      expect(job.last_run!.finished_at).not.toBeNull()
      const alerts = await api<{ items: Alert[] }>(`/alerts?job=${hook.slug}&status=active`)
      expect(alerts.items.map((a) => a.type)).toEqual(['job.failed'])
    },
  )

  it('cronitor and cronhub record the same runs as the healthchecks hook', async () => {
    const shape = (r: Run) => ({
      status: r.status,
      failure_kind: r.failure_kind,
      started: r.started_at !== null,
      finished: r.finished_at !== null,
      timed: r.duration !== null && r.duration > 0,
    })
    const [reference, ...others] = await Promise.all(HOOKS.map(runs))
    expect(reference!.map(shape)).toEqual([
      { status: 'succeeded', failure_kind: null, started: true, finished: true, timed: true },
      { status: 'failed', failure_kind: 'error', started: true, finished: true, timed: true },
    ])
    for (const [i, other] of others.entries()) {
      expect(other.map(shape), HOOKS[i + 1]!.name).toEqual(reference!.map(shape))
      expect(other.map((r) => r.source)).toEqual([HOOKS[i + 1]!.source, HOOKS[i + 1]!.source])
    }
  })
})
