// The real borgmatic and borg against `backwatch serve` as a child process: a temporary lab with
// files to back up, the server on its own config and SQLite file, borg repositories and borgmatic
// configs, for the end-to-end tests (which skip when the tools are missing: see tools.ts).
import { type SpawnSyncReturns, spawnSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect } from 'vitest'
import { tempDir } from './app.js'
import { type ServerProcess, startServerProcess } from './child.js'

export interface BorgmaticLab {
  /** The lab's directory: src/ (what borgmatic backs up), configs, repositories, the database. */
  readonly dir: string
  /** The running server (once started). */
  readonly server: ServerProcess
  /**
   * Writes the files to back up and backwatch.yaml, and starts `backwatch serve` on them with
   * `token` as its admin token (and `env` besides).
   */
  start(backwatchYaml: string, opts: { token: string; env?: NodeJS.ProcessEnv }): Promise<ServerProcess>
  /** GET /api/v1<path> with the admin token; the answer must be 200. */
  api<T>(path: string): Promise<T>
  /** Writes borgmatic config `file` backing up src/ to `repo`, with `hooks` under `hooks:`. */
  writeConfig(file: string, repo: string, hooks: string): void
  /** `borg init` an unencrypted repository; it must succeed. */
  initRepo(repo: string): void
  /** `borgmatic create --stats` on config `file`. */
  borgmatic(file: string): SpawnSyncReturns<string>
  /** Stops the server (it must exit 0) and removes the lab. */
  stop(): Promise<void>
}

/** borgmatic's healthchecks hook entry, pinging job `uuid` on the server at `base`. */
export const healthchecksHook = (base: string, uuid: string) =>
  `    healthchecks:\n        ping_url: ${base}/ping/${uuid}`

export function borgmaticLab(prefix: string): BorgmaticLab {
  const tmp = tempDir(prefix)
  const env = {
    BORG_BASE_DIR: join(tmp.dir, 'borg-home'),
    BORG_UNKNOWN_UNENCRYPTED_REPO_ACCESS_IS_OK: 'yes',
    BORG_RELOCATED_REPO_ACCESS_IS_OK: 'yes',
    HOME: tmp.dir,
  }
  let server: ServerProcess | null = null
  let token = ''
  const running = (): ServerProcess => {
    if (!server) throw new Error('the borgmatic lab has not been started')
    return server
  }
  return {
    dir: tmp.dir,
    get server() {
      return running()
    },
    async start(backwatchYaml, opts) {
      mkdirSync(join(tmp.dir, 'src'))
      for (let i = 0; i < 5; i++)
        writeFileSync(join(tmp.dir, 'src', `file${i}.txt`), `content ${i}\n`.repeat(100))
      writeFileSync(join(tmp.dir, 'backwatch.yaml'), backwatchYaml)
      token = opts.token
      server = await startServerProcess(
        [
          '--listen',
          '127.0.0.1:0',
          '--database',
          `sqlite:${join(tmp.dir, 'bw.db')}`,
          '--config',
          join(tmp.dir, 'backwatch.yaml'),
        ],
        { BACKWATCH_API_TOKEN: token, ...opts.env },
      )
      return server
    },
    async api<T>(path: string): Promise<T> {
      const res = await fetch(`${running().url}/api/v1${path}`, {
        headers: { Authorization: `Bearer ${token}` },
      })
      expect(res.status, `GET ${path}`).toBe(200)
      return (await res.json()) as T
    },
    writeConfig(file, repo, hooks) {
      writeFileSync(
        join(tmp.dir, file),
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
          hooks,
          '',
        ].join('\n'),
      )
    },
    initRepo(repo) {
      const init = spawnSync('borg', ['init', '--encryption', 'none', repo], {
        env: { ...process.env, ...env },
        encoding: 'utf8',
      })
      expect(init.status, init.stderr).toBe(0)
    },
    borgmatic(file) {
      return spawnSync(
        'borgmatic',
        ['--config', join(tmp.dir, file), '--verbosity', '1', 'create', '--stats'],
        { env: { ...process.env, ...env }, encoding: 'utf8', timeout: 120_000 },
      )
    },
    async stop() {
      try {
        if (server) expect(await server.stop(), server.output()).toBe(0)
      } finally {
        tmp.cleanup()
      }
    },
  }
}
