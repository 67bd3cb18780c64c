// `backwatch run` wrapping the real restic 0.14, borg 1.2 and borgmatic 1.7 against a real
// `backwatch serve` child process: what the runs say is what the tools said.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { chmodSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tempDir } from './support/app.js'
import { type ServerProcess, startServerProcess } from './support/child.js'
import { hasTool } from './support/tools.js'
import { cli, spooled } from './support/wrapper.js'

const TOKEN = 'wrapper-e2e-admin-token-0123456789'
const PASSWORD = 'wrapper-e2e-restic-password'
const tools = hasTool('restic') && hasTool('borg') && hasTool('borgmatic')
const isRoot = process.getuid?.() === 0
const AS_NOBODY = ['setpriv', '--reuid=nobody', '--regid=nogroup', '--clear-groups']

interface RunView {
  id: number
  job: string
  rid: string | null
  kind: string
  status: string
  failure_kind: string | null
  started_at: string | null
  finished_at: string | null
  exit_code: number | null
  size_bytes: number | null
  added_bytes: number | null
  files_total: number | null
  files_new: number | null
  files_changed: number | null
  error: string | null
  source: string
  details: Record<string, unknown> | null
  log?: string | null
}

/** JSON values printed on their own lines (restic --json), or one pretty-printed document. */
function jsonLines(text: string): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = []
  for (const line of text.split('\n')) {
    if (!line.startsWith('{')) continue
    try {
      out.push(JSON.parse(line) as Record<string, unknown>)
    } catch {
      // a progress line cut short
    }
  }
  return out
}

describe.skipIf(!tools)('backwatch run with the real backup tools', () => {
  const tmp = tempDir('backwatch-wrapper-e2e-')
  const dir = (...p: string[]) => join(tmp.dir, ...p)
  let server: ServerProcess
  let port = 0
  const serverArgs = () => ['--listen', `127.0.0.1:${port}`, '--database', `sqlite:${dir('bw.db')}`]
  const toolEnv = {
    RESTIC_PASSWORD: PASSWORD,
    RESTIC_CACHE_DIR: dir('restic-cache'),
    BORG_BASE_DIR: dir('borg-home'),
    BORG_UNKNOWN_UNENCRYPTED_REPO_ACCESS_IS_OK: 'yes',
    BORG_RELOCATED_REPO_ACCESS_IS_OK: 'yes',
    HOME: tmp.dir,
  }
  const env = () => ({
    ...toolEnv,
    BACKWATCH_URL: server.url,
    BACKWATCH_TOKEN: TOKEN,
    BACKWATCH_SPOOL_DIR: dir('spool'),
  })
  const tool = (cmd: string[]) => {
    const r = spawnSync(cmd[0]!, cmd.slice(1), { env: { ...process.env, ...toolEnv }, encoding: 'utf8' })
    expect(r.status, `${cmd.join(' ')}\n${r.stderr}`).toBe(0)
    return r
  }
  const api = async <T>(path: string): Promise<T> => {
    const res = await fetch(`${server.url}/api/v1${path}`, { headers: { Authorization: `Bearer ${TOKEN}` } })
    expect(res.status, `GET ${path}`).toBe(200)
    return (await res.json()) as T
  }
  const runsOf = async (job: string) => (await api<{ items: RunView[] }>(`/runs?job=${job}`)).items
  const lastRun = async (job: string) => {
    const [run] = await runsOf(job)
    expect(run, `a run of ${job}`).toBeDefined()
    return api<RunView>(`/runs/${run!.id}`)
  }

  beforeAll(async () => {
    // nobody must reach the repositories and data of the unreadable-file case
    chmodSync(tmp.dir, 0o777)
    mkdirSync(dir('spool'), { mode: 0o700 })
    mkdirSync(dir('src'))
    for (let i = 0; i < 12; i++)
      writeFileSync(dir('src', `file${i}.txt`), `content ${i}\n`.repeat(50 * (i + 1)))
    server = await startServerProcess(serverArgs(), { BACKWATCH_API_TOKEN: TOKEN })
    port = Number(new URL(server.url).port)
  })
  afterAll(async () => {
    await server?.stop()
    tmp.cleanup()
  })

  it('(a) restic backup --json on a fresh repository: a succeeded run with restic’s numbers', async () => {
    tool(['restic', '-r', dir('restic-a'), 'init'])
    const r = await cli(
      ['run', '--job', 'restic-a', '--', 'restic', '-r', dir('restic-a'), 'backup', '--json', dir('src')],
      env(),
    )
    expect(r.status, r.stderr).toBe(0)
    const summary = jsonLines(r.stdout.toString()).find((m) => m.message_type === 'summary')!
    expect(summary).toBeDefined()
    const run = await lastRun('restic-a')
    expect(run).toMatchObject({
      status: 'succeeded',
      failure_kind: null,
      exit_code: 0,
      kind: 'backup',
      source: 'wrapper',
      files_total: summary.total_files_processed,
      size_bytes: summary.total_bytes_processed,
      files_new: 12,
      files_changed: 0,
    })
    expect(run.files_total).toBe(12)
    expect(run.log).toContain('"message_type":"summary"')
    expect(Date.parse(run.finished_at!)).toBeGreaterThanOrEqual(Date.parse(run.started_at!))
    expect((await api<{ tool: string }>('/jobs/restic-a')).tool).toBe('restic')
  })

  it('(b) restic backup while another restic holds an exclusive lock: failed, locked', async () => {
    const repo = dir('restic-b')
    tool(['restic', '-r', repo, 'init'])
    mkdirSync(dir('big'))
    spawnSync('sh', ['-c', `head -c 50000000 /dev/urandom > ${dir('big', 'random.bin')}`])
    tool(['restic', '-r', repo, 'backup', '--no-cache', '-q', dir('big')])

    // `restic check --read-data` takes an exclusive lock; stop it while it holds it. The lock file
    // must be complete when it is stopped (restic ignores a lock file it cannot read), so the
    // stopped holder's lock is read back; a miss (too early or too late) is tried again.
    const holdsLock = (pid: number) => {
      for (const id of readdirSync(join(repo, 'locks'))) {
        const r = spawnSync('restic', ['-r', repo, '--no-lock', '--no-cache', 'cat', 'lock', id], {
          env: { ...process.env, ...toolEnv },
          encoding: 'utf8',
        })
        try {
          const lock = JSON.parse(r.stdout) as { exclusive?: boolean; pid?: number }
          if (lock.exclusive === true && lock.pid === pid) return true
        } catch {
          // not (yet) a lock
        }
      }
      return false
    }
    let holder: ChildProcess | null = null
    let holderExited: Promise<unknown> = Promise.resolve()
    for (let attempt = 0; attempt < 5 && !holder; attempt++) {
      tool(['restic', '-r', repo, 'unlock', '--remove-all'])
      const proc = spawn('restic', ['-r', repo, 'check', '--read-data', '--no-cache'], {
        env: { ...process.env, ...toolEnv },
        stdio: 'ignore',
        // its own session: no job-control SIGCONT reaches it while it is stopped
        detached: true,
      })
      const exited = new Promise((resolve) => proc.once('exit', resolve))
      let done = false
      void exited.then(() => {
        done = true
      })
      const deadline = Date.now() + 20_000
      // restic writes a temporary file and renames it: a name listed may be gone when stat'ed.
      const sizeOf = (f: string) => {
        try {
          return statSync(join(repo, 'locks', f)).size
        } catch {
          return 0
        }
      }
      const lockWritten = () =>
        readdirSync(join(repo, 'locks')).some((f) => !f.includes('-tmp-') && sizeOf(f) > 0)
      while (!done && Date.now() < deadline && !lockWritten()) {
        await new Promise((resolve) => setTimeout(resolve, 5))
      }
      proc.kill('SIGSTOP')
      if (!done && proc.pid !== undefined && holdsLock(proc.pid)) {
        holder = proc
        holderExited = exited
      } else {
        proc.kill('SIGKILL')
        await exited
      }
    }
    expect(holder, 'a restic check holding the lock').not.toBeNull()
    try {
      const r = await cli(
        [
          'run',
          '--job',
          'restic-b',
          '--',
          'restic',
          '-r',
          repo,
          'backup',
          '--json',
          '--no-cache',
          dir('src'),
        ],
        env(),
      )
      expect(r.status).toBe(1)
      expect(r.stderr).toContain('repository is already locked')
      const run = await lastRun('restic-b')
      expect(run).toMatchObject({ status: 'failed', failure_kind: 'locked', exit_code: 1, source: 'wrapper' })
      expect(run.error).toContain('locked')
    } finally {
      holder!.kill('SIGKILL')
      await holderExited
      tool(['restic', '-r', repo, 'unlock', '--remove-all'])
    }
    expect(readdirSync(join(repo, 'locks'))).toEqual([])
  })

  it('(c) restic backup with an unreadable file: restic exits 3, a warning run', async () => {
    const prefix = isRoot ? AS_NOBODY : []
    const repo = dir('restic-c')
    const data = dir('partly-readable')
    mkdirSync(data, { mode: 0o777 })
    chmodSync(data, 0o755)
    writeFileSync(dir('partly-readable', 'ok.txt'), 'readable\n', { mode: 0o644 })
    writeFileSync(dir('partly-readable', 'secret.txt'), 'unreadable\n')
    chmodSync(dir('partly-readable', 'secret.txt'), 0o000)
    // the repository belongs to whoever runs restic
    tool([...prefix, 'restic', '-r', repo, 'init', '--no-cache'])
    const r = await cli(
      [
        'run',
        '--job',
        'restic-c',
        '--',
        ...prefix,
        'restic',
        '-r',
        repo,
        'backup',
        '--json',
        '--no-cache',
        data,
      ],
      env(),
    )
    expect(r.status, r.stderr).toBe(3)
    expect(r.stderr).toContain('secret.txt')
    const run = await lastRun('restic-c')
    expect(run).toMatchObject({ status: 'warning', failure_kind: null, exit_code: 3, kind: 'backup' })
    expect(run.files_total).toBe(1)
    expect(run.error).toContain('secret.txt')
  })

  it('(d) borg create --json and borgmatic create --json: succeeded runs with their sizes', async () => {
    const repo = dir('borg-repo')
    tool(['borg', 'init', '--encryption', 'none', repo])
    const b = await cli(
      ['run', '--job', 'borg-d', '--', 'borg', 'create', '--json', `${repo}::a-{now}`, dir('src')],
      env(),
    )
    expect(b.status, b.stderr).toBe(0)
    const borgJson = JSON.parse(b.stdout.toString()) as {
      archive: { stats: { original_size: number; deduplicated_size: number; nfiles: number } }
    }
    expect(await lastRun('borg-d')).toMatchObject({
      status: 'succeeded',
      exit_code: 0,
      kind: 'backup',
      size_bytes: borgJson.archive.stats.original_size,
      added_bytes: borgJson.archive.stats.deduplicated_size,
      files_total: borgJson.archive.stats.nfiles,
    })
    expect(borgJson.archive.stats.nfiles).toBe(12)

    const config = dir('borgmatic.yaml')
    const borgmaticRepo = dir('borgmatic-repo')
    tool(['borg', 'init', '--encryption', 'none', borgmaticRepo])
    writeFileSync(
      config,
      [
        'location:',
        '    source_directories:',
        `        - ${dir('src')}`,
        '    repositories:',
        `        - ${borgmaticRepo}`,
        'storage:',
        '    unknown_unencrypted_repo_access_is_ok: true',
        'retention:',
        '    keep_daily: 7',
        '',
      ].join('\n'),
    )
    const m = await cli(
      ['run', '--job', 'borgmatic-d', '--', 'borgmatic', '-c', config, 'create', '--json'],
      env(),
    )
    expect(m.status, m.stderr).toBe(0)
    const [first] = JSON.parse(m.stdout.toString()) as {
      archive: { stats: { original_size: number; deduplicated_size: number; nfiles: number } }
    }[]
    const run = await lastRun('borgmatic-d')
    expect(run).toMatchObject({
      status: 'succeeded',
      exit_code: 0,
      kind: 'backup',
      size_bytes: first!.archive.stats.original_size,
      added_bytes: first!.archive.stats.deduplicated_size,
      files_total: first!.archive.stats.nfiles,
    })
    expect(run.files_total).toBe(12)
  })

  it('(e) with Backwatch stopped the command still runs; the spooled report arrives later with its start time', async () => {
    await server.stop()
    const r = await cli(
      ['run', '--job', 'offline', '--timeout', '1', '--', 'sh', '-c', 'echo saved; exit 5'],
      env(),
    )
    expect(r.status).toBe(5)
    expect(r.stdout.toString()).toBe('saved\n')
    expect(r.stderr).toContain('end report not delivered')
    expect(r.ms).toBeLessThan(15_000)
    const [entry] = spooled(dir('spool'))
    expect(spooled(dir('spool'))).toHaveLength(1)
    expect(entry!.text).not.toContain(TOKEN)
    const report = JSON.parse(entry!.entry.body as string) as {
      rid: string
      started_at: string
      finished_at: string
    }

    // the same database, the same address
    server = await startServerProcess(serverArgs(), { BACKWATCH_API_TOKEN: TOKEN })
    const hb = await cli(['heartbeat', '--server', 'db01'], env())
    expect(hb.status, hb.stderr).toBe(0)
    expect(hb.stderr).toBe('')
    expect(spooled(dir('spool'))).toEqual([])
    const run = await lastRun('offline')
    expect(run).toMatchObject({
      rid: report.rid,
      status: 'failed',
      exit_code: 5,
      source: 'wrapper',
    })
    // the original times (shown to the second), not the delivery time
    const seconds = (iso: string) => Math.floor(Date.parse(iso) / 1000)
    expect(seconds(run.started_at!)).toBe(seconds(report.started_at))
    expect(seconds(run.finished_at!)).toBe(seconds(report.finished_at))
    expect(run.log).toBe('saved\n')
  })
})
