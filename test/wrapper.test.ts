// `backwatch run` as a user runs it, against a real HTTP receiver that records what arrives.
import { randomUUID } from 'node:crypto'
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { eventually, tempDir } from './support/app.js'
import { ROOT } from './support/child.js'
import { closedPort, type Receiver, startApiReceiver } from './support/receiver.js'
import { cli, spooled, startCli } from './support/wrapper.js'

const TOKEN = 'wrapper-test-token-SECRET-0123456789'
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/
const ISO_RE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/
const EXIT_7 = ['sh', '-c', 'echo out; echo err >&2; exit 7']

let rx: Receiver
let tmp: { dir: string; cleanup(): void }
let spoolDir: string
let n = 0

beforeAll(async () => {
  rx = await startApiReceiver()
  tmp = tempDir('backwatch-wrapper-')
})
afterAll(async () => {
  await rx.close()
  tmp.cleanup()
})
beforeEach(() => {
  rx.requests.length = 0
  rx.respond = () => ({ status: 201 })
  spoolDir = join(tmp.dir, `spool-${n++}`)
})

const env = (extra: NodeJS.ProcessEnv = {}) => ({
  BACKWATCH_URL: rx.url,
  BACKWATCH_TOKEN: TOKEN,
  BACKWATCH_SPOOL_DIR: spoolDir,
  ...extra,
})

function runsPosted() {
  return rx.requests.filter((r) => r.path === '/api/v1/runs').map((r) => r.json!)
}

describe('reports to the native API', () => {
  it('reports the start and the end, passes the output through and exits with the command’s code', async () => {
    const r = await cli(
      ['run', '--job', 'db01-nightly', '--server', 'db01', '--kind', 'check', '--', ...EXIT_7],
      env(),
    )
    expect(r.status).toBe(7)
    expect(r.stdout.toString()).toBe('out\n')
    expect(r.stderr).toBe('err\n')
    expect(rx.requests).toHaveLength(2)
    for (const req of rx.requests) {
      expect(req.method).toBe('POST')
      expect(req.path).toBe('/api/v1/runs')
      expect(req.headers.authorization).toBe(`Bearer ${TOKEN}`)
      expect(req.headers['content-type']).toBe('application/json')
    }
    const [start, end] = runsPosted()
    expect(start).toEqual({
      job: 'db01-nightly',
      create: true,
      rid: expect.stringMatching(UUID_RE),
      status: 'running',
      started_at: expect.stringMatching(ISO_RE),
      source: 'wrapper',
      server: 'db01',
      kind: 'check',
    })
    expect(end).toMatchObject({
      job: 'db01-nightly',
      create: true,
      rid: start!.rid,
      source: 'wrapper',
      server: 'db01',
      kind: 'check',
      started_at: start!.started_at,
      finished_at: expect.stringMatching(ISO_RE),
      exit_code: 7,
      log: 'out\nerr\n',
      error: 'err',
    })
    expect(end).not.toHaveProperty('status')
    expect(end).not.toHaveProperty('failure_kind')
    expect(Date.parse(end!.finished_at as string)).toBeGreaterThanOrEqual(
      Date.parse(end!.started_at as string),
    )
    expect(spooled(spoolDir)).toEqual([])
  })

  it('uses a fresh rid for every run, and says tool and kind from the command name', async () => {
    const a = await cli(['run', '--job', 'j', '--', 'true'], env())
    expect(a.status).toBe(0)
    const b = await cli(['run', '--job', 'j', '--no-create', '--', 'env', 'X=1', 'true'], env())
    expect(b.status).toBe(0)
    const runs = runsPosted()
    expect(runs).toHaveLength(4)
    expect(runs[0]!.rid).toBe(runs[1]!.rid)
    expect(runs[2]!.rid).toBe(runs[3]!.rid)
    expect(runs[0]!.rid).not.toBe(runs[2]!.rid)
    expect(runs[2]!.create).toBe(false)
    expect(runs[1]).toMatchObject({ exit_code: 0, log: '' })
    expect(runs[1]).not.toHaveProperty('error')
    expect(runs[0]).not.toHaveProperty('tool')

    // a fake `restic` on the PATH, behind sudo-like prefixes
    const bin = join(tmp.dir, 'bin')
    mkdirSync(bin, { recursive: true })
    writeFileSync(join(bin, 'restic'), '#!/bin/sh\necho "Fatal: unable to open config file" >&2\nexit 1\n')
    chmodSync(join(bin, 'restic'), 0o755)
    rx.requests.length = 0
    const c = await cli(
      ['run', '--job', 'j', '--', 'nice', '-n', '5', 'restic', '-r', '/srv/repo', 'backup', '/etc'],
      {
        ...env(),
        PATH: `${bin}:${process.env.PATH}`,
      },
    )
    expect(c.status).toBe(1)
    const [start, end] = runsPosted()
    expect(start).toMatchObject({ tool: 'restic', kind: 'backup' })
    expect(end).toMatchObject({ tool: 'restic', kind: 'backup', exit_code: 1 })
    expect(end!.error).toContain('Fatal: unable to open config file')
  })

  it('reads the tool’s JSON in the output: stats, details and error in the end report', async () => {
    // a stand-in `borg` that prints what borg 1.2.4 printed for a backup with an unreadable file
    const fixtures = join(ROOT, 'test', 'fixtures', 'tool-output')
    const bin = join(tmp.dir, 'fake-borg')
    mkdirSync(bin, { recursive: true })
    writeFileSync(
      join(bin, 'borg'),
      `#!/bin/sh\ncat ${fixtures}/borg-create-warning.json\ncat ${fixtures}/borg-create-warning.stderr >&2\nexit 1\n`,
    )
    chmodSync(join(bin, 'borg'), 0o755)
    const borgJson = JSON.parse(readFileSync(join(fixtures, 'borg-create-warning.json'), 'utf8'))
    const r = await cli(['run', '--job', 'borg-w', '--', 'borg', 'create', '--json', '/repo::a', '/src'], {
      ...env(),
      PATH: `${bin}:${process.env.PATH}`,
    })
    expect(r.status).toBe(1)
    expect(r.stdout.equals(readFileSync(join(fixtures, 'borg-create-warning.json')))).toBe(true)
    const end = runsPosted()[1]!
    expect(end).toMatchObject({
      tool: 'borg',
      kind: 'backup',
      exit_code: 1,
      size_bytes: borgJson.archive.stats.original_size,
      added_bytes: borgJson.archive.stats.deduplicated_size,
      files_total: borgJson.archive.stats.nfiles,
    })
    expect(Object.keys(end.details as object).length).toBeGreaterThan(0)
    expect(end.error).toContain("Permission denied: 'secret.txt'")
    expect(end).not.toHaveProperty('status')
  })

  it('passes binary output through unchanged and reports only the last 100 KB', async () => {
    // 3 MB of numbered lines on stdout, then bytes 0-255 on stderr
    const big = join(tmp.dir, 'big.txt')
    const lines: string[] = []
    for (let i = 0; i < 150_000; i++) lines.push(`line ${String(i).padStart(8, '0')} of the output`)
    writeFileSync(big, `${lines.join('\n')}\n`)
    const bytes = join(tmp.dir, 'bytes.bin')
    writeFileSync(bytes, Buffer.from(Array.from({ length: 256 }, (_, i) => i)))
    const r = await cli(['run', '--job', 'big', '--', 'sh', '-c', `cat ${big}; cat ${bytes}`], env())
    expect(r.status).toBe(0)
    const expected = Buffer.concat([readFileSync(big), readFileSync(bytes)])
    expect(r.stdout.equals(expected)).toBe(true)
    const end = runsPosted()[1]!
    // exactly the last 100 000 bytes (all whole characters here), decoded as UTF-8
    expect(end.log).toBe(expected.subarray(-100_000).toString('utf8'))
  })

  it('forwards SIGTERM to the command and reports a canceled run, exit 128+15', async () => {
    const p = startCli(['run', '--job', 'sig', '--', 'sleep', '30'], env())
    await eventually(async () => rx.requests.length >= 1, 10_000)
    p.proc.kill('SIGTERM')
    const r = await p.result
    expect(r.status).toBe(143)
    const end = runsPosted()[1]!
    expect(end).toMatchObject({ exit_code: 143, failure_kind: 'canceled', details: { signal: 'SIGTERM' } })
    expect(end.error).toContain('killed by SIGTERM')
  })

  it('does not wait for a background process that keeps the output open', async () => {
    const r = await cli(['run', '--job', 'bg', '--', 'sh', '-c', 'sleep 20 & echo started; exit 2'], env())
    expect(r.status).toBe(2)
    expect(r.stdout.toString()).toBe('started\n')
    expect(r.ms).toBeLessThan(10_000)
    expect(runsPosted()[1]).toMatchObject({ exit_code: 2, log: 'started\n' })
  })

  it('reports a command that cannot be started as failed with exit code 127, and exits 127', async () => {
    const r = await cli(['run', '--job', 'nope', '--', 'no-such-command-xyz', '--flag'], env())
    expect(r.status).toBe(127)
    expect(r.stderr).toContain('backwatch: cannot run "no-such-command-xyz": command not found')
    const [start, end] = runsPosted()
    expect(start!.status).toBe('running')
    expect(end).toMatchObject({
      exit_code: 127,
      error: 'cannot run "no-such-command-xyz": command not found',
    })
  })

  it('still runs the command without a token, and says the run is not reported', async () => {
    const r = await cli(['run', '--job', 'x', '--', ...EXIT_7], { ...env(), BACKWATCH_TOKEN: '' })
    expect(r.status).toBe(7)
    expect(r.stdout.toString()).toBe('out\n')
    expect(r.stderr).toContain('backwatch: no API token')
    expect(rx.requests).toHaveLength(0)
  })
})

describe('Healthchecks-compatible ping URLs', () => {
  it('pings /start?rid= then /<exit status>?rid= with the output as the body, without a token', async () => {
    const uuid = randomUUID()
    const r = await cli(
      ['run', '--url', `${rx.url}/ping/${uuid}`, '--', ...EXIT_7],
      env({ BACKWATCH_URL: '' }),
    )
    expect(r.status).toBe(7)
    expect(rx.requests.map((q) => q.path)).toEqual([`/ping/${uuid}/start`, `/ping/${uuid}/7`])
    const [start, end] = rx.requests
    const rid = start!.query.get('rid')
    expect(rid).toMatch(UUID_RE)
    expect(end!.query.get('rid')).toBe(rid)
    expect(end!.method).toBe('POST')
    expect(end!.body.toString()).toBe('out\nerr\n')
    for (const q of rx.requests) expect(q.headers.authorization).toBeUndefined()
  })

  it('builds the slug URL from a ping key and --job, creating the job unless --no-create', async () => {
    const r = await cli(
      ['run', '--url', `${rx.url}/ping/my-ping-key`, '--job', 'web-01', '--', 'true'],
      env(),
    )
    expect(r.status).toBe(0)
    expect(rx.requests.map((q) => q.path)).toEqual([
      '/ping/my-ping-key/web-01/start',
      '/ping/my-ping-key/web-01/0',
    ])
    expect(rx.requests.every((q) => q.query.get('create') === '1')).toBe(true)
    rx.requests.length = 0
    await cli(['run', '--url', `${rx.url}/ping/my-ping-key/web-01`, '--no-create', '--', 'true'], env())
    expect(rx.requests.map((q) => q.path)).toEqual([
      '/ping/my-ping-key/web-01/start',
      '/ping/my-ping-key/web-01/0',
    ])
    expect(rx.requests.some((q) => q.query.has('create'))).toBe(false)
  })

  it('spools a ping that gets a 503 and sends it with the next run', async () => {
    const uuid = randomUUID()
    rx.respond = () => ({ status: 503, body: 'busy' })
    const a = await cli(['run', '--timeout', '1', '--url', `${rx.url}/ping/${uuid}`, '--', ...EXIT_7], env())
    expect(a.status).toBe(7)
    const [entry] = spooled(spoolDir)
    expect(spooled(spoolDir)).toHaveLength(1)
    expect(entry!.entry).toMatchObject({ target: 'ping', method: 'POST', body_encoding: 'base64' })
    // only the end: a start ping sent later would start the run at that later time
    expect(entry!.entry.url).toMatch(new RegExp(`/ping/${uuid}/7\\?rid=`))
    expect(a.stderr).toContain('backwatch: start ping not delivered (503 busy)')
    rx.requests.length = 0
    rx.respond = () => ({ status: 200, body: 'OK' })
    const b = await cli(['run', '--url', `${rx.url}/ping/${uuid}`, '--', 'true'], env())
    expect(b.status).toBe(0)
    const resent = rx.requests.find((q) => q.path === `/ping/${uuid}/7`)
    expect(resent?.body.toString()).toBe('out\nerr\n')
    expect(spooled(spoolDir)).toEqual([])
  })
})

describe('when Backwatch is unreachable or refuses', () => {
  it('spools the end report on 503 (never with the token), and the next invocation sends it', async () => {
    rx.respond = () => ({
      status: 503,
      body: '{"error":{"code":"unavailable","message":"down for maintenance"}}',
    })
    const t0 = Date.now()
    const a = await cli(['run', '--job', 'spool-me', '--timeout', '1', '--', ...EXIT_7], env())
    expect(a.status).toBe(7)
    expect(a.stdout.toString()).toBe('out\n')
    expect(a.stderr).toContain('err\n')
    expect(a.stderr).toMatch(/backwatch: end report not delivered \(503 down for maintenance\); kept in /)
    // start: 2 attempts, end: 3 attempts
    expect(rx.requests).toHaveLength(5)
    expect(Date.now() - t0).toBeLessThan(15_000)
    const files = spooled(spoolDir)
    expect(files).toHaveLength(1) // the spooled start is dropped: the end carries the start time
    const { entry, text, file } = files[0]!
    expect(text).not.toContain(TOKEN)
    expect(statSync(join(spoolDir, file)).mode & 0o777).toBe(0o600)
    expect(statSync(spoolDir).mode & 0o777).toBe(0o700)
    expect(entry).toMatchObject({
      version: 1,
      target: 'api',
      url: `${rx.url}/api/v1/runs`,
      method: 'POST',
      content_type: 'application/json',
      body_encoding: 'utf8',
      created_at: expect.stringMatching(ISO_RE),
    })
    const body = JSON.parse(entry.body as string) as Record<string, unknown>
    expect(body).toMatchObject({ job: 'spool-me', exit_code: 7, log: 'out\nerr\n' })
    const firstStart = runsPosted()[0]!

    // Backwatch is back: the next invocation (another job) delivers the spooled report first
    rx.requests.length = 0
    rx.respond = () => ({ status: 201 })
    const b = await cli(['run', '--job', 'other', '--', 'true'], env())
    expect(b.status).toBe(0)
    expect(b.stderr).toBe('')
    const runs = runsPosted()
    expect(runs).toHaveLength(3)
    const resent = runs.find((r) => r.job === 'spool-me')!
    expect(resent).toEqual(body)
    expect(resent.rid).toBe(firstStart.rid)
    expect(resent.started_at).toBe(firstStart.started_at)
    expect(rx.requests.every((q) => q.headers.authorization === `Bearer ${TOKEN}`)).toBe(true)
    expect(spooled(spoolDir)).toEqual([])
  })

  it('keeps the start report in the spool while the command runs, in case the end never comes', async () => {
    rx.respond = () => ({ status: 503 })
    const p = startCli(['run', '--job', 'crash', '--timeout', '0.5', '--', 'sleep', '10'], env())
    const entries = await eventually(async () => spooled(spoolDir).length > 0 && spooled(spoolDir), 10_000)
    p.proc.kill('SIGKILL')
    await p.result
    const body = JSON.parse(entries[0]!.entry.body as string) as Record<string, unknown>
    expect(body).toMatchObject({ job: 'crash', status: 'running', started_at: expect.stringMatching(ISO_RE) })
    // the next invocation delivers it
    rx.requests.length = 0
    rx.respond = () => ({ status: 201 })
    const hb = await cli(['heartbeat', '--server', 'db01'], env())
    expect(hb.stderr).toBe('')
    expect(runsPosted()).toEqual([body])
  })

  it('sends spooled reports in the order they were made, and keeps the rest after a transient failure', async () => {
    rx.respond = () => ({ status: 500 })
    for (const code of [1, 2, 3]) {
      const r = await cli(
        ['run', '--job', 'order', '--timeout', '0.5', '--', 'sh', '-c', `exit ${code}`],
        env(),
      )
      expect(r.status).toBe(code)
    }
    expect(spooled(spoolDir).map((f) => JSON.parse(f.entry.body as string).exit_code)).toEqual([1, 2, 3])
    // accepts the first spooled report, then fails
    rx.requests.length = 0
    let accepted = 0
    rx.respond = (q) => (q.json?.job === 'order' && accepted++ === 0 ? { status: 200 } : { status: 502 })
    await cli(['heartbeat', '--server', 'db01', '--request-timeout', '0.5'], env())
    expect(rx.requests.filter((q) => q.json?.job === 'order').map((q) => q.json!.exit_code)).toEqual([1, 2])
    expect(spooled(spoolDir).map((f) => JSON.parse(f.entry.body as string).exit_code)).toEqual([2, 3])
    rx.requests.length = 0
    rx.respond = () => ({ status: 200 })
    await cli(['heartbeat', '--server', 'db01'], env())
    expect(rx.requests.map((q) => q.json?.exit_code ?? q.path)).toEqual([
      2,
      3,
      '/api/v1/servers/db01/heartbeat',
    ])
    expect(spooled(spoolDir)).toEqual([])
  })

  it('runs the command and exits with its code within a bounded time when nothing listens', async () => {
    const port = await closedPort()
    const r = await cli(['run', '--job', 'x', '--url', `http://127.0.0.1:${port}`, '--', ...EXIT_7], env())
    expect(r.status).toBe(7)
    expect(r.stdout.toString()).toBe('out\n')
    expect(r.stderr).toContain('ECONNREFUSED')
    // 2 + 3 refused attempts and their pauses (0.5 s, then 0.5 s + 1 s), plus Node's start
    expect(r.ms).toBeLessThan(10_000)
    expect(spooled(spoolDir)).toHaveLength(1)
  })

  it('does not wait longer than 3 × --timeout after the command when Backwatch hangs', async () => {
    rx.respond = () => ({ status: 200, delayMs: 20_000 })
    const p = startCli(['run', '--job', 'hang', '--timeout', '1', '--', 'sh', '-c', 'sleep 2; exit 4'], env())
    const r = await p.result
    expect(r.status).toBe(4)
    // the start timed out twice while the command ran (≈ 2.5 s); the end gets at most 3 s
    expect(r.ms).toBeLessThan(2000 + 3000 + 3000)
    expect(r.stderr).toContain('timed out')
    expect(spooled(spoolDir)).toHaveLength(1)
  })

  it('stops waiting for Backwatch on a signal after the command ended, spooling the report', async () => {
    rx.respond = (q) => (q.json?.status === 'running' ? { status: 201 } : { status: 200, delayMs: 20_000 })
    const p = startCli(['run', '--job', 'stop', '--timeout', '10', '--', 'sh', '-c', 'exit 6'], env())
    await eventually(async () => rx.requests.length >= 2, 10_000)
    p.proc.kill('SIGTERM')
    const r = await p.result
    expect(r.status).toBe(6)
    expect(r.ms).toBeLessThan(10_000)
    expect(spooled(spoolDir).map((f) => JSON.parse(f.entry.body as string).exit_code)).toEqual([6])
  })

  it('does not spool a report Backwatch refuses (400): prints the server’s message once', async () => {
    rx.respond = () => ({
      status: 400,
      body: '{"error":{"code":"invalid_request","message":"server: name too long"}}',
    })
    const r = await cli(['run', '--job', 'bad', '--', ...EXIT_7], env())
    expect(r.status).toBe(7)
    expect(r.stdout.toString()).toBe('out\n')
    expect(r.stderr.match(/server: name too long/g)).toHaveLength(1)
    expect(r.stderr).toContain('backwatch: Backwatch refused the start report: 400 server: name too long')
    expect(rx.requests).toHaveLength(1)
    expect(spooled(spoolDir)).toEqual([])
  })

  it('does not create the job with --no-create: the 404 is printed once, nothing spooled', async () => {
    rx.respond = (q) =>
      q.json?.create === false
        ? { status: 404, body: '{"error":{"code":"not_found","message":"job \\"ghost\\" not found"}}' }
        : { status: 201 }
    const r = await cli(['run', '--job', 'ghost', '--no-create', '--', 'true'], env())
    expect(r.status).toBe(0)
    expect(r.stderr).toBe('backwatch: Backwatch refused the start report: 404 job "ghost" not found\n')
    expect(spooled(spoolDir)).toEqual([])
  })

  it('never prints the token', async () => {
    rx.respond = () => ({ status: 401, body: '{"error":{"code":"unauthorized","message":"invalid token"}}' })
    const r = await cli(['run', '--job', 'x', '--token', TOKEN, '--', 'true'], env({ BACKWATCH_TOKEN: '' }))
    expect(r.status).toBe(0)
    expect(r.stderr).toContain('401 invalid token')
    expect(r.stderr).not.toContain(TOKEN)
  })
})

describe('usage', () => {
  afterEach(() => {
    expect(rx.requests).toHaveLength(0)
  })

  it('prints help', async () => {
    const r = await cli(['run', '--help'])
    expect(r.status).toBe(0)
    expect(r.stdout.toString()).toMatch(/^Usage: backwatch run --job SLUG/)
  })

  it('rejects a missing "--", a missing command, a missing --job and bad values with exit 2', async () => {
    const cases: [string[], RegExp][] = [
      [['run', '--job', 'x', 'restic', 'backup'], /put "--" before the command/],
      [['run', '--job', 'x'], /missing "--"/],
      [['run', '--job', 'x', '--'], /no command after "--"/],
      [['run', '--', 'true'], /--job SLUG is required/],
      [['run', '--job', 'Bad Slug', '--', 'true'], /--job: a slug is/],
      [['run', '--job', 'x', '--kind', 'nightly', '--', 'true'], /--kind: expected one of backup/],
      [['run', '--job', 'x', '--timeout', 'soon', '--', 'true'], /--timeout/],
      [['run', '--job', 'x', '--url', 'ftp://x', '--', 'true'], /--url/],
      [['run', '--job', 'x', '--frobnicate', '--', 'true'], /frobnicate/],
    ]
    for (const [args, message] of cases) {
      const r = await cli(args, env())
      expect(r.status, args.join(' ')).toBe(2)
      expect(r.stderr, args.join(' ')).toMatch(message)
      expect(r.stderr).toMatch(/^backwatch: /)
    }
  })
})
