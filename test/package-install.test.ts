// The package as an operator installs it on a backup host: `npm pack`, then `npm install -g
// --ignore-scripts` of the tarball into an empty prefix (nothing compiled: better-sqlite3's
// binding is never built). The installed `backwatch` prints its version, wraps `true` and reports it to a
// running server, and `serve` on SQLite says in one line what is missing instead of a stack.
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ADMIN_TOKEN, startTestApp, type TestApp, tempDir } from './support/app.js'
import { execAsync, ROOT } from './support/child.js'

const VERSION = JSON.parse(
  execFileSync('node', ['-p', 'JSON.stringify(require("./package.json").version)'], {
    cwd: ROOT,
    encoding: 'utf8',
  }),
)

describe('the packed tarball installed into an empty prefix', () => {
  const tmp = tempDir('backwatch-pack-')
  const prefix = join(tmp.dir, 'prefix')
  const bin = join(prefix, 'bin', 'backwatch')
  let t: TestApp
  let tarball = ''

  beforeAll(async () => {
    // the tarball ships the build; `npm test` builds before the tests run
    expect(existsSync(join(ROOT, 'dist', 'cli', 'main.js')), 'dist/ is built').toBe(true)
    const packed = execFileSync(
      'npm',
      ['pack', '--ignore-scripts', '--json', '--pack-destination', tmp.dir],
      { cwd: ROOT, encoding: 'utf8' },
    )
    tarball = join(tmp.dir, (JSON.parse(packed) as { filename: string }[])[0]!.filename)
    const install = spawnSync(
      'npm',
      [
        'install',
        '-g',
        '--prefix',
        prefix,
        '--ignore-scripts',
        '--prefer-offline',
        '--no-audit',
        '--no-fund',
        tarball,
      ],
      { encoding: 'utf8', timeout: 600_000, env: { ...process.env, npm_config_loglevel: 'error' } },
    )
    expect(install.status, install.stderr).toBe(0)
    t = await startTestApp()
  }, 660_000)

  afterAll(async () => {
    await t?.close()
    tmp.cleanup()
  })

  it('holds the build, the licence and contrib, but no tests, sources or source maps', () => {
    const listing = execFileSync('tar', ['tzf', tarball], { encoding: 'utf8' }).split('\n')
    expect(listing).toContain('package/dist/cli/main.js')
    expect(listing).toContain('package/LICENSE')
    expect(listing).toContain('package/README.md')
    expect(listing.some((f) => f.startsWith('package/dist/web/assets/app.'))).toBe(true)
    expect(listing.some((f) => f.startsWith('package/contrib/systemd/'))).toBe(true)
    expect(listing.filter((f) => /\.map$|\.test\.js$|^package\/(src|test)\//.test(f))).toEqual([])
  })

  it('installs without building the native SQLite driver and prints its version', () => {
    const driver = join(prefix, 'lib', 'node_modules', 'backwatch', 'node_modules', 'better-sqlite3')
    expect(existsSync(join(driver, 'build', 'Release', 'better_sqlite3.node'))).toBe(false)
    expect(statSync(bin).isFile()).toBe(true)
    expect(execFileSync(bin, ['--version'], { encoding: 'utf8' })).toBe(`backwatch ${VERSION}\n`)
  })

  it('wraps a command and reports the run to a server', async () => {
    expect((await t.api('POST', '/jobs', { slug: 'packed-host', schedule: { every: '1d' } })).status).toBe(
      201,
    )
    // not spawnSync: the server answering it runs in this process
    const run = await execAsync(bin, ['run', '--url', t.url, '--job', 'packed-host', '--', 'true'], {
      env: { BACKWATCH_TOKEN: ADMIN_TOKEN, BACKWATCH_SPOOL_DIR: join(tmp.dir, 'spool') },
    })
    expect(run.code, run.stderr).toBe(0)
    const job = await t.api<{ status: string; last_run: { status: string } | null }>(
      'GET',
      '/jobs/packed-host',
    )
    expect(job.body.last_run?.status).toBe('succeeded')
    expect(job.body.status).toBe('up')
  })

  it('serve on SQLite without the driver says so in one line and exits 1', () => {
    const serve = spawnSync(
      bin,
      ['serve', '--listen', '127.0.0.1:0', '--database', `sqlite:${join(tmp.dir, 'bw.db')}`],
      {
        encoding: 'utf8',
        timeout: 30_000,
        env: { ...process.env, BACKWATCH_API_TOKEN: ADMIN_TOKEN },
      },
    )
    expect(serve.status).toBe(1)
    const lines = serve.stderr.trim().split('\n')
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(/^backwatch: SQLite needs the better-sqlite3 module/)
  })
})
