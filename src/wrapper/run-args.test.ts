import { describe, expect, it } from 'vitest'
import { defaultSpoolDir, isPingUrl, parseHeartbeatArgs, parseRunArgs, UsageError } from './run-args.js'

const env = { HOME: '/home/u', BACKWATCH_TOKEN: 't0k3n' }

describe('parseRunArgs', () => {
  it('parses the options and keeps the command after "--" as it is', () => {
    const o = parseRunArgs(
      [
        '--job',
        'db01-nightly',
        '--url',
        'https://bw.example.com/',
        '--server',
        'db01',
        '--kind',
        'backup',
        '--tool',
        'borgmatic',
        '--timeout',
        '2.5',
        '--spool-dir',
        '/var/spool/bw',
        '--',
        'borgmatic',
        '--',
        '--job',
        'x',
      ],
      env,
    )
    expect(o).toEqual({
      help: false,
      job: 'db01-nightly',
      endpoint: { mode: 'api', base: 'https://bw.example.com', token: 't0k3n' },
      server: 'db01',
      kind: 'backup',
      tool: 'borgmatic',
      create: true,
      spoolDir: '/var/spool/bw',
      timeoutMs: 2500,
      command: ['borgmatic', '--', '--job', 'x'],
    })
  })

  it('takes URL and token from the environment, flags first, and defaults the rest', () => {
    const o = parseRunArgs(['--job', 'j', '--no-create', '--', 'true'], {
      ...env,
      BACKWATCH_URL: 'http://10.0.0.1:8080/backwatch/',
    })
    expect(o).toMatchObject({
      endpoint: { mode: 'api', base: 'http://10.0.0.1:8080/backwatch', token: 't0k3n' },
      create: false,
      timeoutMs: 5000,
      spoolDir: '/home/u/.local/state/backwatch/spool',
      kind: null,
      tool: null,
      server: null,
    })
    const flagged = parseRunArgs(['--job', 'j', '--token', 'flag', '--url', 'http://h:1', '--', 'true'], env)
    expect(flagged).toMatchObject({ endpoint: { base: 'http://h:1', token: 'flag' } })
    expect(parseRunArgs(['--job', 'j', '--', 'true'], { HOME: '/h' })).toMatchObject({
      endpoint: { base: 'http://127.0.0.1:8080', token: null },
    })
    expect(parseRunArgs(['--job', 'j', '--', 'true'], { BACKWATCH_API_TOKEN: 'adm' })).toMatchObject({
      endpoint: { token: 'adm' },
    })
  })

  it('recognises Healthchecks ping URLs: no --job needed, slug URLs can create the job', () => {
    const uuid = '0b6c3f9e-1d2a-4c55-9a0e-5f1d2c3b4a59'
    expect(parseRunArgs(['--url', `http://h/ping/${uuid}`, '--', 'true'], env)).toMatchObject({
      job: null,
      endpoint: { mode: 'ping', url: `http://h/ping/${uuid}`, create: false },
    })
    expect(parseRunArgs(['--url', 'http://h/ping/key123/web01/', '--', 'true'], env)).toMatchObject({
      endpoint: { mode: 'ping', url: 'http://h/ping/key123/web01', create: true },
    })
    expect(
      parseRunArgs(['--url', 'http://h/ping/key123', '--job', 'web01', '--', 'true'], env),
    ).toMatchObject({
      job: 'web01',
      endpoint: { mode: 'ping', url: 'http://h/ping/key123/web01', create: true },
    })
    expect(parseRunArgs(['--url', `https://hc-ping.com/${uuid}`, '--', 'true'], env)).toMatchObject({
      endpoint: { mode: 'ping', url: `https://hc-ping.com/${uuid}`, create: false },
    })
    expect(parseRunArgs(['--url', 'https://hc-ping.com/k3y', '--job', 'x', '--', 'true'], env)).toMatchObject(
      {
        endpoint: { mode: 'ping', url: 'https://hc-ping.com/k3y/x', create: true },
      },
    )
    expect(
      parseRunArgs(['--url', 'https://bw.example.com/pings', '--job', 'x', '--', 'true'], env),
    ).toMatchObject({
      endpoint: { mode: 'api' },
    })
    expect(isPingUrl('https://hc.example.com/ping/abc')).toBe(true)
    expect(isPingUrl('https://hc.example.com/ping/')).toBe(false)
    expect(isPingUrl('https://hc-ping.com/')).toBe(false)
  })

  it('answers --help', () => {
    expect(parseRunArgs(['--help'], env)).toEqual({ help: true })
    expect(parseRunArgs(['-h', '--', 'x'], env)).toEqual({ help: true })
  })

  it('explains what is wrong', () => {
    const bad: [string[], RegExp][] = [
      [
        ['--job', 'x', 'restic', 'backup'],
        /put "--" before the command: backwatch run --job SLUG -- restic backup/,
      ],
      [['--job', 'x'], /missing "--"/],
      [['--job', 'x', '--'], /no command after "--"/],
      [['--', 'true'], /--job SLUG is required/],
      [['--job', 'DB01', '--', 'true'], /--job: a slug is lowercase/],
      [['--job', 'x', '--tool', 'tar', '--', 'true'], /--tool: expected one of borgmatic, borg, restic/],
      [['--job', 'x', '--timeout', '0', '--', 'true'], /--timeout/],
      [['--job', 'x', '--timeout', '1e3', '--', 'true'], /--timeout/],
      [['--job', 'x', '--url', 'not a url', '--', 'true'], /--url: not a URL/],
      [['--job', 'x', '--url', 'http://u:p@h/', '--', 'true'], /--url: user and password/],
      [['--job', 'x', '--server', ' ', '--', 'true'], /--server: empty/],
    ]
    for (const [args, message] of bad) {
      expect(() => parseRunArgs(args, env), args.join(' ')).toThrow(message)
      expect(() => parseRunArgs(args, env)).toThrow(UsageError)
    }
    expect(() => parseRunArgs(['--job', 'x', '--nope', '--', 'true'], env)).toThrow(/nope/)
  })
})

describe('parseHeartbeatArgs', () => {
  it('needs --server and an API URL', () => {
    expect(
      parseHeartbeatArgs(['--server', 'db01', '--request-timeout', '3', '--timeout', '15m'], env),
    ).toEqual({
      help: false,
      server: 'db01',
      endpoint: { mode: 'api', base: 'http://127.0.0.1:8080', token: 't0k3n' },
      spoolDir: '/home/u/.local/state/backwatch/spool',
      timeoutMs: 3000,
      heartbeatTimeout: '15m',
    })
    // a bare number was the per-request limit before --request-timeout: refused, not guessed
    expect(() => parseHeartbeatArgs(['--server', 'db01', '--timeout', '3'], env)).toThrow(/--request-timeout/)
    expect(() => parseHeartbeatArgs([], env)).toThrow(/--server NAME is required/)
    expect(() => parseHeartbeatArgs(['--server', 'a', '--url', 'http://h/ping/abc'], env)).toThrow(/ping URL/)
    expect(() => parseHeartbeatArgs(['--server', 'a', 'extra'], env)).toThrow()
  })
})

describe('defaultSpoolDir', () => {
  it('prefers BACKWATCH_SPOOL_DIR, then XDG_STATE_HOME, then ~/.local/state', () => {
    expect(defaultSpoolDir({ BACKWATCH_SPOOL_DIR: '/s', XDG_STATE_HOME: '/x', HOME: '/h' })).toBe('/s')
    expect(defaultSpoolDir({ XDG_STATE_HOME: '/x', HOME: '/h' })).toBe('/x/backwatch/spool')
    expect(defaultSpoolDir({ HOME: '/h' })).toBe('/h/.local/state/backwatch/spool')
  })
})
