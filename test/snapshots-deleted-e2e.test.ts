// job.snapshots_deleted end to end (issue 16 item 2): a real restic repository backed up through
// `backwatch run`, its `restic snapshots --json` sent after each change to a real `backwatch
// serve`, and snapshots removed with `restic forget` as an intruder or a wrong prune would.
import { spawnSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tempDir } from './support/app.js'
import { type ServerProcess, startServerProcess } from './support/child.js'
import { hasTool } from './support/tools.js'
import { cli } from './support/wrapper.js'

const TOKEN = 'snapshots-e2e-admin-token-0123456789'

interface AlertView {
  id: number
  type: string
  severity: string
  status: string
  job: string | null
  summary: string
  details: Record<string, unknown>
}

describe.skipIf(!hasTool('restic'))('snapshots that disappear open job.snapshots_deleted', () => {
  const tmp = tempDir('backwatch-snapshots-e2e-')
  const dir = (...p: string[]) => join(tmp.dir, ...p)
  let server: ServerProcess
  const toolEnv = { RESTIC_PASSWORD: 'snapshots-e2e-password', RESTIC_CACHE_DIR: dir('cache'), HOME: tmp.dir }
  const restic = (...args: string[]) => {
    const r = spawnSync('restic', ['-r', dir('repo'), ...args], {
      env: { ...process.env, ...toolEnv },
      encoding: 'utf8',
    })
    expect(r.status, `restic ${args.join(' ')}\n${r.stderr}`).toBe(0)
    return r.stdout
  }
  const backup = async (n: number) => {
    for (let i = 0; i < n; i++) {
      writeFileSync(dir('data.txt'), `version ${Date.now()} ${i}\n`)
      const r = await cli(
        ['run', '--job', 'vault', '--', 'restic', '-r', dir('repo'), 'backup', dir('data.txt')],
        {
          ...toolEnv,
          BACKWATCH_URL: server.url,
          BACKWATCH_TOKEN: TOKEN,
        },
      )
      expect(r.status, r.stderr).toBe(0)
    }
  }
  const sendList = async () => {
    const res = await fetch(`${server.url}/api/v1/jobs/vault/snapshots?format=restic`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${TOKEN}` },
      body: restic('snapshots', '--json'),
    })
    expect(res.status).toBe(200)
    return ((await res.json()) as { snapshots: number }).snapshots
  }
  const deletedAlerts = async () => {
    const res = await fetch(`${server.url}/api/v1/alerts?type=job.snapshots_deleted`, {
      headers: { Authorization: `Bearer ${TOKEN}` },
    })
    return ((await res.json()) as { items: AlertView[] }).items
  }
  const snapshotIds = () => (JSON.parse(restic('snapshots', '--json')) as { id: string }[]).map((s) => s.id)

  beforeAll(async () => {
    restic('init')
    server = await startServerProcess(['--listen', '127.0.0.1:0', '--database', `sqlite:${dir('bw.db')}`], {
      BACKWATCH_API_TOKEN: TOKEN,
    })
  })
  afterAll(async () => {
    await server?.stop()
    tmp.cleanup()
  })

  it('a normal list opens nothing; forgetting most snapshots opens a critical alert naming how many', async () => {
    await backup(4)
    expect(await sendList()).toBe(4)
    expect(await deletedAlerts()).toEqual([])

    const ids = snapshotIds()
    restic('forget', ...ids.slice(0, 3))
    expect(await sendList()).toBe(1)
    const [alert] = await deletedAlerts()
    expect(alert).toMatchObject({
      type: 'job.snapshots_deleted',
      severity: 'critical',
      status: 'active',
      job: 'vault',
    })
    expect(alert!.summary).toBe(
      'At least 3 snapshots of vault disappeared (4 → 1); half of them or more, and the job declares no retention that would explain it',
    )
    expect(alert!.details).toMatchObject({ snapshots_before: 4, snapshots: 1, disappeared: 3 })
  })

  it('an emptied repository updates it; it resolves once the list is back to the count before the loss', async () => {
    restic('forget', ...snapshotIds())
    expect(await sendList()).toBe(0)
    const [emptied] = await deletedAlerts()
    expect(emptied!.status).toBe('active')
    expect(emptied!.summary).toBe('The repository of vault is empty: its only snapshot disappeared')
    // recovery is judged against the count before the first loss
    expect(emptied!.details.snapshots_before).toBe(4)

    await backup(3)
    expect(await sendList()).toBe(3)
    expect((await deletedAlerts())[0]!.status).toBe('active')
    await backup(1)
    expect(await sendList()).toBe(4)
    const [resolved] = await deletedAlerts()
    expect(resolved).toMatchObject({ id: emptied!.id, status: 'resolved' })
  })
})
