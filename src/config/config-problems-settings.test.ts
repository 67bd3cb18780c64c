import { describe, expect, it } from 'vitest'
import { load, problemsOf } from '../../test/support/config-files.js'
import { ConfigError } from './config.js'

describe('loadConfig: one problem, exact message and line', () => {
  const cases: [string, string[], string[], NodeJS.ProcessEnv?][] = [
    ['unknown top-level key', ['listen: 127.0.0.1:1', 'foo: 1'], ['foo: unknown key (line 2)']],
    [
      'listen without port',
      ['listen: localhost'],
      [
        'listen: invalid listen address "localhost" (expected HOST:PORT, e.g. 127.0.0.1:8080 or [::1]:8080) (line 1)',
      ],
    ],
    ['listen as a number', ['listen: 8080'], ['listen: must be a string, got an integer (line 1)']],
    [
      'unsupported database',
      ['# db', 'database: mysql://root@db/backwatch'],
      ['database: unsupported database URL scheme "mysql:" (expected sqlite:PATH or postgres://…) (line 2)'],
    ],
    [
      'base URL not http',
      ['base_url: ftp://example.com'],
      ['base_url: invalid base URL "ftp://example.com" (expected an http:// or https:// URL) (line 1)'],
    ],
    [
      'short ping key',
      ['ping_key: abc'],
      ['ping_key: must be 8 to 64 characters of letters, digits, "-" and "_" (line 1)'],
    ],
    [
      'ping body limit too big',
      ['ping_body_limit: 20000000'],
      ['ping_body_limit: must be at most 10000000 (line 1)'],
    ],
    ['ping body limit negative', ['ping_body_limit: -1'], ['ping_body_limit: must be at least 0 (line 1)']],
    [
      'ping body limit with unit',
      ['ping_body_limit: 100kb'],
      ['ping_body_limit: must be an integer, got a string (line 1)'],
    ],
    [
      'short token',
      ['tokens:', '  - name: ci', '    scope: admin', '    token: short-token'],
      ['tokens[0].token: must be at least 16 characters long (line 4)'],
    ],
    [
      'token_env not set',
      ['tokens:', '  - {name: ci, scope: ingest, token_env: BW_MISSING}'],
      ['tokens[0].token_env: environment variable BW_MISSING is not set (line 2)'],
    ],
    [
      'token_env set but empty',
      ['tokens:', '  - {name: ci, scope: ingest, token_env: BW_EMPTY}'],
      ['tokens[0].token_env: environment variable BW_EMPTY is not set (line 2)'],
      { BW_EMPTY: '' },
    ],
    [
      'token_env too short',
      ['tokens:', '  - {name: ci, scope: ingest, token_env: BW_SHORT}'],
      [
        'tokens[0].token_env: the token in environment variable BW_SHORT must be at least 16 characters long (line 2)',
      ],
      { BW_SHORT: 'abc' },
    ],
    [
      'token and token_env',
      ['tokens:', '  - {name: ci, scope: read, token: "0123456789abcdef", token_env: X}'],
      ['tokens[0].token_env: set either token or token_env, not both (line 2)'],
    ],
    [
      'neither token nor token_env',
      ['tokens:', '  - name: ci', '    scope: read'],
      ['tokens[0]: needs token or token_env (line 2)'],
    ],
    [
      'bad scope',
      ['tokens:', '  - {name: ci, scope: write, token: "0123456789abcdef"}'],
      ['tokens[0].scope: must be one of read, ingest, admin (line 2)'],
    ],
    [
      'duplicate token names',
      [
        'tokens:',
        '  - {name: ci, scope: read, token: "0123456789abcdef"}',
        '  - {name: ci, scope: admin, token: "fedcba9876543210"}',
      ],
      ['tokens[1].name: duplicate name "ci", already used by tokens[0] (line 3)'],
    ],
    [
      'metrics.public not a boolean',
      ['metrics: {public: yes}'],
      ['metrics.public: must be true or false, got a string (line 1)'],
    ],
    ['unknown metrics key', ['metrics:', '  path: /m'], ['metrics.path: unknown key (line 2)']],
    [
      'a limit below 1',
      ['limits:', '  jobs_per_request: 0'],
      ['limits.jobs_per_request: must be at least 1 (line 2)'],
    ],
    ['an unknown limit', ['limits: {jobs: 5}'], ['limits.jobs: unknown key (line 1)']],
    [
      'YAML duplicate key',
      ['listen: 127.0.0.1:1', 'listen: 127.0.0.1:2'],
      ['line 2: Map keys must be unique'],
    ],
    ['top level is a list', ['- listen'], ['config file must be a mapping of settings, got a list (line 1)']],
    [
      'top level is a string',
      ['', 'hello'],
      ['config file must be a mapping of settings, got a string (line 2)'],
    ],
  ]
  it.each(cases)('%s', (_name, lines, expected, env) => {
    expect(problemsOf(() => load(lines, { env: env ?? {} }))).toEqual(expected)
  })

  it('reports a YAML syntax error with its line', () => {
    const problems = problemsOf(() => load(['jobs:', '  - slug: a', '    tags: [db, sql', '  - slug: b']))
    expect(problems.length).toBeGreaterThan(0)
    for (const p of problems) expect(p).toMatch(/^line \d+: \S/)
    expect(problems[0]).toMatch(/^line [34]: /)
  })

  it('reproduces the SPEC example line', () => {
    const lines = [
      'jobs:',
      '  - slug: a',
      '    schedule: {every: 1d}',
      '  - slug: b',
      '    schedule: {every: 1d}',
    ]
    while (lines.length < 27) lines.push(`  # comment ${lines.length + 1}`)
    lines.push('  - slug: c', '    tool: restic', '    schedule:', '      cron: "0 25 * * *"')
    expect(lines[30]).toBe('      cron: "0 25 * * *"')
    const err = (() => {
      try {
        load(lines)
      } catch (e) {
        return e
      }
    })()
    expect(err).toBeInstanceOf(ConfigError)
    expect((err as ConfigError).message).toBe(
      'jobs[2].schedule.cron: invalid cron expression "0 25 * * *" (line 31)',
    )
  })
})
