// Golden output of the client commands: the built CLI (node bin/backwatch.js) as a child process
// against a real server whose clock stands still at T; the CLI measures its relative times from
// the same instant (BACKWATCH_NOW). Only what is random per run is normalised before comparing:
// the server's address (http://backwatch.test), job uuids (<uuid>) and unique keys (<key>).
// UPDATE_GOLDEN=1 rewrites test/fixtures/cli-golden/*.txt; review the diff.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ManualClock } from '../src/clock.js'
import { ADMIN_TOKEN, eventually, startTestApp, type TestApp } from './support/app.js'
import { builtCli, requireFreshBuild } from './support/built-cli.js'
import { ROOT } from './support/child.js'
import { seedFleet } from './support/cli-fleet.js'

const T = '2026-01-05T12:00:00Z'
const GOLDEN = join(ROOT, 'test', 'fixtures', 'cli-golden')
const READ = 'cli-golden-read-token-0123456789'

let t: TestApp
const env = (extra: NodeJS.ProcessEnv = {}) => ({
  BACKWATCH_URL: t.url,
  BACKWATCH_TOKEN: ADMIN_TOKEN,
  BACKWATCH_NOW: T,
  ...extra,
})

beforeAll(async () => {
  requireFreshBuild()
  t = await startTestApp(
    { tokens: [{ name: 'reader', scope: 'read', token: READ }] },
    {
      clock: new ManualClock(Date.parse(T)),
    },
  )
  await seedFleet(t)
  await eventually(async () => {
    const r = await t.api<{ items: unknown[] }>('GET', '/alerts?status=active&type=job.failed')
    return r.body.items.length === 1
  })
})
afterAll(() => t.close())

function normalise(text: string): string {
  return text
    .replaceAll(t.url, 'http://backwatch.test')
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<uuid>')
    .replace(/\b[0-9a-f]{40}\b/g, '<key>')
}

function golden(name: string, actual: string): void {
  const file = join(GOLDEN, `${name}.txt`)
  const text = normalise(actual)
  if (process.env.UPDATE_GOLDEN) {
    mkdirSync(GOLDEN, { recursive: true })
    writeFileSync(file, text)
  }
  expect(text, `${name}.txt (UPDATE_GOLDEN=1 rewrites it)`).toBe(readFileSync(file, 'utf8'))
}

async function ok(args: string[], extra: NodeJS.ProcessEnv = {}): Promise<string> {
  const r = await builtCli(args, env(extra))
  expect(r.stderr, args.join(' ')).toBe('')
  expect(r.code, args.join(' ')).toBe(0)
  return r.stdout
}

describe('client command output (golden)', () => {
  it.each([
    ['runs', ['runs']],
    ['runs-failed', ['runs', '--job', 'db01-nightly', '--status', 'failed']],
    ['run-show', ['runs', 'show', '2']],
    ['alerts-active', ['alerts', '--active']],
    ['alerts', ['alerts', '--severity', 'critical', '--job', 'db01-nightly']],
    ['servers', ['servers']],
    ['jobs-list', ['jobs', 'list']],
    ['job-show', ['jobs', 'show', 'db01-nightly']],
  ])('%s', async (name, args) => {
    golden(name, await ok(args))
  })

  it('a read token sees keys, not ping URLs', async () => {
    golden('jobs-list-read', await ok(['jobs', 'list'], { BACKWATCH_TOKEN: READ }))
  })

  it.each([
    ['help-runs', ['runs', '--help']],
    ['help-alerts', ['help', 'alerts']],
    ['help-servers', ['help', 'servers']],
    ['help-jobs', ['jobs', '--help']],
    ['help-heartbeat', ['help', 'heartbeat']],
    ['help', ['help']],
  ])('%s', async (name, args) => {
    golden(name, await ok(args))
  })

  it('--json prints the API JSON, the same as the API answers', async () => {
    const api = async (path: string) => (await t.api('GET', path)).body
    const items = async (path: string) => ((await api(path)) as { items: unknown[] }).items
    const json = async (args: string[]) => JSON.parse(await ok([...args, '--json'])) as unknown
    expect(await json(['runs'])).toEqual(await items('/runs?limit=20'))
    expect(await json(['runs', 'show', '2'])).toEqual(await api('/runs/2'))
    expect(await json(['alerts', '--active'])).toEqual(await items('/alerts?status=active'))
    expect(await json(['servers'])).toEqual(await items('/servers'))
    expect(await json(['jobs', 'list'])).toEqual(await items('/jobs'))
    expect(await json(['jobs', 'show', 'db01-nightly'])).toEqual(await api('/jobs/db01-nightly'))
    expect(await json(['silence', 'list', '--all'])).toEqual(await items('/silences'))
    expect(await json(['notify', 'channels'])).toEqual(await items('/channels'))
  })

  it('jobs edit changes only what it is given (a cron keeps the zone), through PATCH', async () => {
    golden(
      'job-edit',
      await ok(['jobs', 'edit', 'db01-nightly', '--cron', '30 3 * * *', '--grace', '1h', '--max-age', '2d']),
    )
    golden('job-show-edited', await ok(['jobs', 'show', 'db01-nightly']))
    const audit = await t.api<{ items: { action: string; details: unknown }[] }>(
      'GET',
      '/audit?action=job.updated',
    )
    expect(audit.body.items[0]).toMatchObject({ action: 'job.updated' })
    const tzOnly = await builtCli(['jobs', 'edit', 'web01-files', '--tz', 'Europe/Paris'], env())
    expect(tzOnly).toMatchObject({ code: 2, stdout: '' })
    expect(tzOnly.stderr).toBe(
      'backwatch: jobs: edit: web01-files runs every 1h; --tz needs a cron schedule (see "backwatch jobs --help")\n',
    )
    const nothing = await builtCli(['jobs', 'edit', 'web01-files'], env())
    expect(nothing.code).toBe(2)
  })

  it('unknown flags and bad values: one line on stderr, exit 2', async () => {
    for (const [args, line] of [
      [['runs', '--jbo', 'x'], 'runs: unknown option --jbo'],
      [
        ['alerts', '--severity', 'loud'],
        'alerts: --severity must be one of critical, warning, info, got "loud"',
      ],
      [['servers', 'extra'], 'servers: unexpected argument "extra"'],
      [['runs', '--limit', '0'], 'runs: --limit must be a whole number from 1 to 10000, got "0"'],
      [['jobs', 'list', '--yess'], 'jobs: unknown option --yess'],
      [['report', '--jsn'], 'report: unknown option --jsn'],
      [['silence', 'list', '--al'], 'silence: unknown option --al'],
      [['notify', 'channels', '--x'], 'notify: unknown option --x'],
    ] as const) {
      const r = await builtCli([...args], env())
      expect(r, args.join(' ')).toMatchObject({ code: 2, stdout: '' })
      expect(r.stderr).toBe(`backwatch: ${line} (see "backwatch ${args[0]} --help")\n`)
    }
  })

  it('jobs delete refuses without --yes when not on a terminal, deletes with it', async () => {
    const refused = await builtCli(['jobs', 'delete', 'web01-files'], env())
    expect(refused).toMatchObject({ code: 2, stdout: '' })
    expect(refused.stderr).toContain('not deleting "web01-files" without --yes (no terminal to ask)')
    expect((await t.api('GET', '/jobs/web01-files')).status).toBe(200)
    expect(await ok(['jobs', 'delete', 'web01-files', '--yes'])).toBe('deleted job web01-files\n')
    expect((await t.api('GET', '/jobs/web01-files')).status).toBe(404)
    const gone = await builtCli(['jobs', 'show', 'web01-files'], env())
    expect(gone.code).toBe(1)
    expect(gone.stderr).toMatch(/^backwatch: 404: /)
  })
})
