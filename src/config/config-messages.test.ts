import { describe, expect, it } from 'vitest'
import { problemsOf, tempDir } from '../../test/support/config-files.js'
import { ConfigError, loadConfig } from './config.js'

describe('loadConfig: all problems at once', () => {
  it('reports every problem in line order, file and flags together', () => {
    const lines = [
      'listen: nowhere', // 1
      'jobs:', // 2
      '  - slug: a', // 3
      '    grace: soon', // 4
      '    schedule: {cron: "0 25 * * *", tz: Mars/Base}', // 5
      '  - slug: a', // 6
      '    tool: tar', // 7
      'tokens:', // 8
      '  - {name: ci, scope: admin, token_env: BW_NOPE}', // 9
      'servers:', // 10
      '  - tags: [x]', // 11
      'extra: 1', // 12
    ]
    const dir = tempDir({ 'bw.yaml': lines })
    let error: unknown
    try {
      loadConfig({
        flags: { config: 'bw.yaml', database: 'mongodb://x' },
        env: { BACKWATCH_LISTEN: 'bad' },
        cwd: dir,
      })
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(ConfigError)
    const problems = (error as ConfigError).problems
    expect(problems).toEqual([
      'listen: invalid listen address "nowhere" (expected HOST:PORT, e.g. 127.0.0.1:8080 or [::1]:8080) (line 1)',
      'jobs[0].grace: invalid duration "soon" (expected e.g. 90s, 15m, 1h, 1d, 2w) (line 4)',
      'jobs[0].schedule.cron: invalid cron expression "0 25 * * *" (line 5)',
      'jobs[0].schedule.tz: unknown time zone "Mars/Base" (line 5)',
      'jobs[1].slug: duplicate slug "a", already used by jobs[0] (line 6)',
      'jobs[1].tool: must be one of borgmatic, borg, restic, resticprofile, generic (line 7)',
      'tokens[0].token_env: environment variable BW_NOPE is not set (line 9)',
      'servers[0].name: required (line 11)',
      'extra: unknown key (line 12)',
      'BACKWATCH_LISTEN: invalid listen address "bad" (expected HOST:PORT, e.g. 127.0.0.1:8080 or [::1]:8080)',
      '--database: unsupported database URL scheme "mongodb:" (expected sqlite:PATH or postgres://…)',
    ])
    expect((error as ConfigError).message).toBe(problems.join('\n'))
  })
})

describe('secrets never appear in messages', () => {
  it('keeps token values, the ping key and database passwords out', () => {
    const secrets = ['tooshort-secret', 'hunter2', 'env-secret', 'pk!secret value', 'tab\tsecret-0123456789']
    const dir = tempDir({
      'bw.yaml': [
        'database: "postgres://user:hunter2@[bad/db"',
        'ping_key: "pk!secret value"',
        'tokens:',
        '  - {name: a, scope: read, token: tooshort-secret}',
        '  - {name: b, scope: read, token_env: BW_B}',
        '  - {name: c, scope: read, token: "tab\\tsecret-0123456789"}',
        '  - {name: d, scope: 7, token: 12345}',
      ],
    })
    const problems = problemsOf(() =>
      loadConfig({
        flags: { config: 'bw.yaml', database: 'mysql://root:hunter2@db/x' },
        env: { BW_B: 'env-secret' },
        cwd: dir,
      }),
    )
    expect(problems).toHaveLength(8)
    for (const p of problems) for (const s of [...secrets, '12345']) expect(p).not.toContain(s)
  })
})
