// The server's own log, from `backwatch serve` as a process: JSON lines with --log-format json
// (one line per alert opened and resolved, one per failed notification delivery, never its
// secrets), --log-level, and one clear line (exit 1) when the address is already in use.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { eventually, tempDir } from './support/app.js'
import { execBackwatch, type ServerProcess, startServerProcess } from './support/child.js'
import { type Receiver, startReceiver } from './support/receiver.js'

const UUID = '6a7b8c9d-0e1f-4a2b-8c3d-4e5f6a7b8c9d'
const PATH_SECRET = 'pathsecret0123456789abcdef'
const QUERY_SECRET = 'querysecret0123456789abcdef'
const SIGNING = `whsec_${Buffer.from('serve-logs-signing-secret').toString('base64')}`

type Line = Record<string, unknown> & { level: string; time: string; msg: string }

/** The log: every line the server wrote except stdout's "listening" line. */
function logLines(server: ServerProcess): string[] {
  return server
    .output()
    .split('\n')
    .filter((l) => l !== '' && !l.startsWith('backwatch listening on '))
}

describe('backwatch serve --log-format json', () => {
  const tmp = tempDir('backwatch-serve-logs-')
  let server: ServerProcess
  let hook: Receiver
  const parsed = () => logLines(server).map((l) => JSON.parse(l) as Line)

  beforeAll(async () => {
    // the receiver refuses every delivery, echoing what it got (URL, signature) in its answer
    hook = await startReceiver((req) => ({
      status: 500,
      body: `rejected ${hook.url}${req.url} signature=${req.headers['webhook-signature']} ${SIGNING}`,
    }))
    const config = [
      'jobs:',
      `  - {slug: logged-job, uuid: ${UUID}, schedule: {every: 1d}}`,
      'channels:',
      '  - name: ops-hook',
      '    type: webhook',
      `    url: ${hook.url}/hook/${PATH_SECRET}?token=${QUERY_SECRET}`,
      `    secret: ${SIGNING}`,
      '',
    ].join('\n')
    writeFileSync(join(tmp.dir, 'backwatch.yaml'), config)
    server = await startServerProcess(
      [
        '--listen',
        '127.0.0.1:0',
        '--database',
        `sqlite:${join(tmp.dir, 'bw.db')}`,
        '--config',
        join(tmp.dir, 'backwatch.yaml'),
        '--log-format',
        'json',
      ],
      { BACKWATCH_API_TOKEN: 'serve-logs-admin-token-0123456789' },
    )
  }, 30_000)

  afterAll(async () => {
    try {
      expect(await server.stop(), server.output()).toBe(0)
    } finally {
      await hook.close()
      tmp.cleanup()
    }
  })

  it('logs the alert opened by a failed run and resolved by the next success, each line JSON', async () => {
    await fetch(`${server.url}/ping/${UUID}/fail`, {
      method: 'POST',
      body: 'Repository /r does not exist.\n',
    })
    const opened = await eventually(async () => parsed().find((l) => l.msg === 'alert opened'), 10_000)
    expect(opened).toMatchObject({
      level: 'info',
      type: 'job.failed',
      subject: 'logged-job',
      severity: 'critical',
      id: expect.any(Number),
    })
    expect(Date.parse(opened.time)).toBeGreaterThan(0)
    await fetch(`${server.url}/ping/${UUID}`, { method: 'POST' })
    const resolved = await eventually(async () => parsed().find((l) => l.msg === 'alert resolved'), 10_000)
    expect(resolved).toMatchObject({ type: 'job.failed', subject: 'logged-job', id: opened.id })
  }, 30_000)

  it('logs a failing webhook delivery with its channel, attempt and error, never the URL’s keys or the signing secret', async () => {
    const failed = await eventually(
      async () => parsed().find((l) => String(l.msg).startsWith('delivery failed')),
      15_000,
    )
    expect(failed).toMatchObject({
      level: 'warn',
      channel: 'ops-hook',
      attempt: 1,
      error: expect.any(String),
    })
    expect(failed.error).toMatch(/^webhook: HTTP 500 rejected http:\/\/127\.0\.0\.1:\d+\/…/)
    expect(hook.requests[0]!.url).toContain(QUERY_SECRET) // the secrets were there to leak
    const all = logLines(server).join('\n')
    for (const secret of [PATH_SECRET, QUERY_SECRET, SIGNING, SIGNING.slice(6)])
      expect(all).not.toContain(secret)
  }, 30_000)

  it('every line of the log is one JSON object with level, time and msg', () => {
    const lines = logLines(server)
    expect(lines.length).toBeGreaterThanOrEqual(3)
    for (const line of lines) {
      const value = JSON.parse(line) as Line
      expect(value).toMatchObject({
        level: expect.any(String),
        time: expect.any(String),
        msg: expect.any(String),
      })
    }
  })

  it('a second serve on the same address prints one line and exits 1', async () => {
    const listen = new URL(server.url).host
    const second = await execBackwatch([
      'serve',
      '--listen',
      listen,
      '--database',
      `sqlite:${join(tmp.dir, 'second.db')}`,
      '--log-format',
      'json',
    ])
    expect(second.code).toBe(1)
    expect(second.stdout).toBe('')
    expect(second.stderr).toBe(
      `backwatch: ${listen} is already in use; is another backwatch running? Stop it or choose another address with --listen HOST:PORT (BACKWATCH_LISTEN)\n`,
    )
  }, 30_000)
})

describe('log level and format flags', () => {
  it('--log-level warn keeps warnings and drops info; a bad level or format exits 2 naming it', async () => {
    const tmp = tempDir('backwatch-serve-level-')
    try {
      const server = await startServerProcess(
        ['--listen', '127.0.0.1:0', '--database', `sqlite:${join(tmp.dir, 'x.db')}`, '--log-level', 'warn'],
        { BACKWATCH_API_TOKEN: '', BACKWATCH_LOG_FORMAT: '' },
      )
      expect(await server.stop()).toBe(0)
      const lines = logLines(server)
      // the text format: the warning about the missing token, not the info line about stopping
      expect(lines.some((l) => / warn no API token configured/.test(l))).toBe(true)
      expect(lines.some((l) => / info stopping/.test(l))).toBe(false)
    } finally {
      tmp.cleanup()
    }
    const level = await execBackwatch(['serve', '--log-level', 'loud'])
    expect([level.code, level.stderr]).toEqual([
      2,
      'backwatch: --log-level: "loud" is not one of debug, info, warn, error\n',
    ])
    const format = await execBackwatch(['serve'], { BACKWATCH_LOG_FORMAT: 'xml' })
    expect([format.code, format.stderr]).toEqual([
      2,
      'backwatch: BACKWATCH_LOG_FORMAT: "xml" is not one of text, json\n',
    ])
  }, 60_000)
})
