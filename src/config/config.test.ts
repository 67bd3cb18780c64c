import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { checkConfigFile } from './check-config.js'
import {
  type Config,
  ConfigError,
  type ConfigFlags,
  loadConfig,
  parseDatabaseUrl,
  parseListen,
} from './config.js'

const root = mkdtempSync(join(tmpdir(), 'backwatch-config-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

let dirCount = 0
/** A fresh directory, optionally with files (name → lines). */
function tempDir(files: Record<string, string[]> = {}): string {
  const dir = join(root, `d${dirCount++}`)
  mkdirSync(dir)
  for (const [name, lines] of Object.entries(files)) writeFileSync(join(dir, name), lines.join('\n') + '\n')
  return dir
}

interface LoadOpts {
  env?: NodeJS.ProcessEnv
  flags?: Partial<ConfigFlags>
}

/** Writes `lines` (line N is lines[N-1]) to a config file and loads it. */
function load(lines: string[], opts: LoadOpts = {}): Config {
  const dir = tempDir({ 'bw.yaml': lines })
  return loadConfig({ flags: { config: 'bw.yaml', ...opts.flags }, env: opts.env ?? {}, cwd: dir })
}

function problemsOf(fn: () => unknown): string[] {
  try {
    fn()
  } catch (err) {
    if (err instanceof ConfigError) return err.problems
    throw err
  }
  return []
}

const FULL_EXAMPLE = [
  'listen: 0.0.0.0:9090',
  'database: postgres://backwatch:pw@db.internal:5432/backwatch',
  'base_url: https://backwatch.example.com/',
  'ping_key: abcDEF123_-xyz',
  'ping_body_limit: 200000',
  'tokens:',
  '  - {name: grafana, scope: read, token: "read-token-0123456789"}',
  '  - name: ci',
  '    scope: admin',
  '    token_env: BW_CI_TOKEN',
  'metrics: {public: true}',
  'limits: {jobs_per_request: 20, profiles_per_file: 300}',
  'servers:',
  '  - name: prod-sql-01',
  '    environment: production',
  '    tags: [db]',
  '    heartbeat_timeout: 15m',
  '  - {name: nas, heartbeat_timeout: null}',
  'policies:                       # per environment; also GET|PUT /api/v1/policies/{environment}',
  '  production:',
  '    max_age: 26h                # no successful backup for longer → job.stale',
  '    check_max_age: 8d           # no successful run of kind "check" for longer → job.check_overdue',
  '    retention: {min_history: 30d, min_daily: 7, min_weekly: 4, min_monthly: 6}',
  '    size_anomaly: {low: 0.5, high: 2.0, min_samples: 5}',
  '    lock_failures: {warn_until: 3}   # "locked" failures stay warnings until 3 in a row',
  'jobs:',
  '  - slug: prod-sql-01-nightly',
  '    server: prod-sql-01',
  '    environment: production',
  '    tool: borgmatic',
  '    schedule: {cron: "0 2 * * *", tz: Europe/Berlin}',
  '    grace: 2h',
  '    retention: {keep_within: 2d, keep_daily: 7, keep_weekly: 4, keep_monthly: 6, keep_yearly: 1}',
  '  - slug: nas-photos',
  '    uuid: 0b7ac6c2-4f0e-4a55-9a61-2f1d1e0c7b11',
  '    name: NAS photos',
  '    server: nas',
  '    tags: [photos, nas]',
  '    tool: restic',
  '    schedule: {every: 1d}',
  '    max_duration: 3h',
  '    warning_exit_codes: [3]',
  '    paused: true',
  'channels:',
  '  - {name: ops-hook, type: webhook, url: "https://hooks.example.com/x", secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", min_severity: warning}',
  '  - name: ops-mail',
  '    type: email',
  '    to: [ops@example.com]',
  '    from: backwatch@example.com',
  '    smtp: {host: 127.0.0.1, port: 587, secure: false, user: "bw", password_env: SMTP_PASSWORD}',
  '    mode: digest                # immediate (default) | digest',
  '    digest_interval: 1h',
  '    send_resolved: true',
  '    match: {environment: [production], tags: [db], types: [job.failed, job.stale]}',
  'silences:',
  '  - name: nas-maintenance',
  '    match: {servers: [nas]}',
  '    starts_at: "2026-11-30T22:00:00Z"',
  '    ends_at: "2026-12-01T00:00:00+01:00"',
  '    author: alice',
  '    comment: disk swap',
]

describe('loadConfig: full example', () => {
  it('reads every setting of the SPEC §7 example', () => {
    const dir = tempDir({ 'backwatch.yaml': FULL_EXAMPLE })
    const config = loadConfig({
      env: {
        BW_CI_TOKEN: 'ci-token-abcdefghijklmnop',
        BACKWATCH_API_TOKEN: 'bootstrap-admin-token',
        SMTP_PASSWORD: 'smtp-secret',
      },
      cwd: dir,
    })
    expect(config).toEqual({
      configPath: join(dir, 'backwatch.yaml'),
      listen: { host: '0.0.0.0', port: 9090 },
      database: { kind: 'postgres', url: 'postgres://backwatch:pw@db.internal:5432/backwatch' },
      baseUrl: 'https://backwatch.example.com',
      pingKey: 'abcDEF123_-xyz',
      pingBodyLimit: 200_000,
      apiToken: 'bootstrap-admin-token',
      tokens: [
        { name: 'grafana', scope: 'read', token: 'read-token-0123456789' },
        { name: 'ci', scope: 'admin', token: 'ci-token-abcdefghijklmnop' },
      ],
      metricsPublic: true,
      servers: [
        { name: 'prod-sql-01', environment: 'production', tags: ['db'], heartbeatTimeout: 900_000 },
        { name: 'nas', heartbeatTimeout: null },
      ],
      jobs: [
        {
          slug: 'prod-sql-01-nightly',
          server: 'prod-sql-01',
          environment: 'production',
          tool: 'borgmatic',
          schedule: { cron: '0 2 * * *', tz: 'Europe/Berlin' },
          grace: 7_200_000,
          retention: {
            keep_within: 172_800_000,
            keep_daily: 7,
            keep_weekly: 4,
            keep_monthly: 6,
            keep_yearly: 1,
          },
        },
        {
          slug: 'nas-photos',
          uuid: '0b7ac6c2-4f0e-4a55-9a61-2f1d1e0c7b11',
          name: 'NAS photos',
          server: 'nas',
          tags: ['photos', 'nas'],
          tool: 'restic',
          schedule: { every: 86_400_000 },
          maxDuration: 10_800_000,
          warningExitCodes: [3],
          paused: true,
        },
      ],
      policies: {
        production: {
          policy: {
            maxAge: 93_600_000,
            checkMaxAge: 691_200_000,
            retention: { minHistory: 2_592_000_000, minDaily: 7, minWeekly: 4, minMonthly: 6 },
            sizeAnomaly: { low: 0.5, high: 2.0, minSamples: 5 },
            lockFailures: { warnUntil: 3 },
          },
          jobDefaults: null,
        },
      },
      channels: [
        {
          name: 'ops-hook',
          kind: 'webhook',
          minSeverity: 'warning',
          match: {},
          sendResolved: true,
          mode: 'immediate',
          repeatInterval: null,
          digestInterval: 3_600_000,
          settings: { url: 'https://hooks.example.com/x', secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' },
          raw: {
            name: 'ops-hook',
            type: 'webhook',
            url: 'https://hooks.example.com/x',
            secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
            min_severity: 'warning',
          },
        },
        {
          name: 'ops-mail',
          kind: 'email',
          minSeverity: 'info',
          match: { environment: ['production'], tags: ['db'], types: ['job.failed', 'job.stale'] },
          sendResolved: true,
          mode: 'digest',
          repeatInterval: null,
          digestInterval: 3_600_000,
          settings: {
            to: ['ops@example.com'],
            from: 'backwatch@example.com',
            smtp: { host: '127.0.0.1', port: 587, secure: false, user: 'bw', password: 'smtp-secret' },
          },
          // as written, for the channels table: the secret stays an environment reference
          raw: {
            name: 'ops-mail',
            type: 'email',
            to: ['ops@example.com'],
            from: 'backwatch@example.com',
            smtp: { host: '127.0.0.1', port: 587, secure: false, user: 'bw', password_env: 'SMTP_PASSWORD' },
            mode: 'digest',
            digest_interval: '1h',
            send_resolved: true,
            match: { environment: ['production'], tags: ['db'], types: ['job.failed', 'job.stale'] },
          },
        },
      ],
      silences: [
        {
          name: 'nas-maintenance',
          match: { servers: ['nas'] },
          startsAt: Date.parse('2026-11-30T22:00:00Z'),
          endsAt: Date.parse('2026-11-30T23:00:00Z'),
          author: 'alice',
          comment: 'disk swap',
        },
      ],
      limits: { jobsPerRequest: 20, profilesPerFile: 300, runsPerRequest: 5000, snapshotsPerList: 100_000 },
    } satisfies Config)
  })

  it('uses the defaults without any file', () => {
    const dir = tempDir()
    expect(loadConfig({ env: {}, cwd: dir })).toEqual({
      configPath: null,
      listen: { host: '127.0.0.1', port: 8080 },
      database: { kind: 'sqlite', path: join(dir, 'data/backwatch.db') },
      baseUrl: null,
      pingKey: null,
      pingBodyLimit: 100_000,
      apiToken: null,
      tokens: [],
      metricsPublic: false,
      servers: [],
      jobs: [],
      policies: {},
      channels: [],
      silences: [],
      limits: { jobsPerRequest: 100, profilesPerFile: 1000, runsPerRequest: 5000, snapshotsPerList: 100_000 },
    } satisfies Config)
  })

  it.each([
    ['an empty file', []],
    ['a file of comments', ['# nothing here yet']],
    [
      'empty lists',
      ['jobs: []', 'servers: []', 'tokens: []', 'channels: []', 'silences: []', 'policies: {}'],
    ],
    [
      'empty sections',
      [
        'jobs:',
        '  # - slug: a',
        'servers:',
        'tokens:',
        'channels:',
        'silences:',
        'policies:',
        'metrics:',
        'limits:',
      ],
    ],
  ])('accepts %s', (_name, lines) => {
    const config = load(lines)
    expect(config).toMatchObject({
      jobs: [],
      servers: [],
      tokens: [],
      channels: [],
      silences: [],
      policies: {},
      metricsPublic: false,
      listen: { host: '127.0.0.1', port: 8080 },
    })
  })

  it('reads job defaults per environment from policies', () => {
    const config = load([
      'policies:',
      '  staging:',
      '    job_defaults: {schedule: {every: 6h}, grace: 30m, tool: restic}',
      '    max_age: 26h',
    ])
    expect(config.policies).toEqual({
      staging: {
        policy: { maxAge: 93_600_000 },
        jobDefaults: { schedule: { every: 21_600_000 }, grace: 1_800_000, tool: 'restic' },
      },
    })
  })

  it('reads every policy key; null disables a check; an empty policy is all built-in defaults', () => {
    const config = load([
      'policies:',
      '  default:',
      '    max_age: null',
      '    check_max_age: 2w',
      '    retention: {min_history: null, min_daily: 0}',
      '    size_anomaly: {low: 0.25, high: 4, min_samples: 1, zero_added_runs: 10}',
      '    lock_failures: {warn_until: 1}',
      '    job_defaults: null',
      '  dev.lab-1_x:',
      '  staging: {}',
    ])
    expect(config.policies).toEqual({
      default: {
        policy: {
          maxAge: null,
          checkMaxAge: 1_209_600_000,
          retention: { minHistory: null, minDaily: 0 },
          sizeAnomaly: { low: 0.25, high: 4, minSamples: 1, zeroAddedRuns: 10 },
          lockFailures: { warnUntil: 1 },
        },
        jobDefaults: null,
      },
      'dev.lab-1_x': { policy: {}, jobDefaults: null },
      staging: { policy: {}, jobDefaults: null },
    })
  })

  it('reads a job policy override', () => {
    const config = load([
      'jobs:',
      '  - slug: a',
      '    environment: production',
      '    policy: {max_age: 3d, size_anomaly: {high: 3}}',
      '  - {slug: b, policy: null}',
    ])
    expect(config.jobs.map((j) => j.policy)).toEqual([
      { maxAge: 259_200_000, sizeAnomaly: { high: 3 } },
      null,
    ])
  })

  it('supports anchors and merge keys', () => {
    const config = load([
      'jobs:',
      '  - &base {slug: a, tool: restic, grace: 1h, schedule: {every: 1d}}',
      '  - <<: *base',
      '    slug: b',
    ])
    expect(config.jobs.map((j) => [j.slug, j.grace, j.tool])).toEqual([
      ['a', 3_600_000, 'restic'],
      ['b', 3_600_000, 'restic'],
    ])
  })
})

describe('loadConfig: one problem, exact message and line', () => {
  const cases: [string, string[], string[], NodeJS.ProcessEnv?][] = [
    ['unknown top-level key', ['listen: 127.0.0.1:1', 'foo: 1'], ['foo: unknown key (line 2)']],
    [
      'unknown job key',
      ['jobs:', '  - slug: a', '    colour: red'],
      ['jobs[0].colour: unknown key (line 3)'],
    ],
    [
      'job without slug (line of the item)',
      ['jobs:', '  - slug: a', '  - name: No slug', '    grace: 1h'],
      ['jobs[1].slug: required (line 3)'],
    ],
    [
      'duplicate slug',
      ['jobs:', '  - slug: a', '  - slug: b', '  - slug: a'],
      ['jobs[2].slug: duplicate slug "a", already used by jobs[0] (line 4)'],
    ],
    [
      'duplicate uuid (any case)',
      [
        'jobs:',
        '  - {slug: a, uuid: 0b7ac6c2-4f0e-4a55-9a61-2f1d1e0c7b11}',
        '  - {slug: b, uuid: 0B7AC6C2-4F0E-4A55-9A61-2F1D1E0C7B11}',
      ],
      [
        'jobs[1].uuid: duplicate uuid "0B7AC6C2-4F0E-4A55-9A61-2F1D1E0C7B11", already used by jobs[0] (line 3)',
      ],
    ],
    [
      'bad slug',
      ['jobs:', '  - slug: Prod SQL'],
      ['jobs[0].slug: must contain only lowercase letters, digits, "-" and "_" (line 2)'],
    ],
    [
      'bad uuid',
      ['jobs:', '  - slug: a', '    uuid: not-a-uuid'],
      ['jobs[0].uuid: must be a UUID like 123e4567-e89b-12d3-a456-426614174000 (line 3)'],
    ],
    [
      'bad duration',
      ['jobs:', '  - slug: a', '    grace: 2 hours'],
      ['jobs[0].grace: invalid duration "2 hours" (expected e.g. 90s, 15m, 1h, 1d, 2w) (line 3)'],
    ],
    [
      'invalid cron (block mapping)',
      ['jobs:', '  - slug: a', '    schedule:', '      cron: "0 25 * * *"', '      tz: UTC'],
      ['jobs[0].schedule.cron: invalid cron expression "0 25 * * *" (line 4)'],
    ],
    [
      'unknown channel type and bad routing keys',
      [
        'channels:',
        '  - {name: a, type: fax}',
        '  - {name: b, type: slack, min_severity: loud, match: {color: [red]}}',
      ],
      [
        'channels[0].type: must be one of email, webhook, slack, teams, discord, ntfy, telegram, pushover, gotify, pagerduty, opsgenie, command (line 2)',
        'channels[1].min_severity: must be one of critical, warning, info (line 3)',
        'channels[1].match.color: unknown key (line 3)',
      ],
    ],
    [
      'a channel whose own settings are wrong',
      [
        'channels:',
        '  - {name: t, type: teams, url: "https://contoso.webhook.office.com/webhookb2/abc"}',
        '  - {name: w, type: webhook}',
      ],
      [
        'channels[0].url: teams url is an Office 365 connector webhook, which Microsoft retired: in Teams, create a Workflows webhook ("Post to a channel when a webhook request is received") and use its URL instead (line 2)',
        'channels[1].url: webhook url is required (line 3)',
      ],
    ],
    [
      'credentials in a channel URL',
      [
        'channels:',
        '  - {name: w, type: webhook, url: "https://ops:hunter22@hooks.example/x"}',
        '  - {name: g, type: gotify, url: "https://:tok3n@gotify.example", token: "A1b2C3"}',
      ],
      [
        'channels[0].url: webhook url must not contain user:password@; put credentials in headers or *_env settings, not in the URL (line 2)',
        'channels[1].url: gotify url must not contain user:password@; put credentials in headers or *_env settings, not in the URL (line 3)',
      ],
    ],
    [
      'a channel secret from an unset environment variable',
      ['channels:', '  - {name: a, type: webhook, url: "http://x", secret_env: HOOK_SECRET}'],
      ['channels[0].secret_env: environment variable HOOK_SECRET is not set (line 2)'],
    ],
    [
      'bad job defaults of a policy',
      ['policies:', '  production:', '    job_defaults:', '      grace: soon', '      slug: x'],
      [
        'policies.production.job_defaults.grace: invalid duration "soon" (expected e.g. 90s, 15m, 1h, 1d, 2w) (line 4)',
        'policies.production.job_defaults.slug: unknown key (line 5)',
      ],
    ],
    [
      'cron that never fires',
      ['jobs:', '  - slug: a', '    schedule: {cron: "0 0 31 2 *"}'],
      ['jobs[0].schedule.cron: cron expression "0 0 31 2 *" never fires (line 3)'],
    ],
    [
      'unknown time zone',
      ['jobs:', '  - slug: a', '    schedule:', '      cron: "0 2 * * *"', '      tz: Mars/Base'],
      ['jobs[0].schedule.tz: unknown time zone "Mars/Base" (line 5)'],
    ],
    [
      'schedule without every or cron (line of the key)',
      ['jobs:', '  - slug: a', '    schedule:', '      tz: UTC'],
      ['jobs[0].schedule: must be {every: "1d"} or {cron: "0 2 * * *", tz: "UTC"} (line 3)'],
    ],
    [
      'bad tool',
      ['jobs:', '  - slug: a', '    tool: tar'],
      ['jobs[0].tool: must be one of borgmatic, borg, restic, resticprofile, generic (line 3)'],
    ],
    [
      'bad exit code in a flow list',
      ['jobs:', '  - slug: a', '    warning_exit_codes: [1, 300]'],
      ['jobs[0].warning_exit_codes[1]: must be at most 255 (line 3)'],
    ],
    [
      'unknown retention key',
      ['jobs:', '  - slug: a', '    retention:', '      keep_daily: 7', '      keep_hourly: 24'],
      ['jobs[0].retention.keep_hourly: unknown key (line 5)'],
    ],
    [
      'empty value (line of the key)',
      ['jobs:', '  - slug: a', '    paused:'],
      ['jobs[0].paused: must be true or false, got null (line 3)'],
    ],
    ['jobs not a list', ['jobs:', '  slug: a'], ['jobs: must be a list, got an object (line 1)']],
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
      'policies not a mapping',
      ['policies: [production]'],
      ['policies: must be an object, got a list (line 1)'],
    ],
    [
      'policy not a mapping',
      ['policies:', '  production: 5'],
      ['policies.production: must be an object, got an integer (line 2)'],
    ],
    [
      'unknown policy key',
      ['policies:', '  production:', '    max_age: 26h', '    min_age: 1h'],
      ['policies.production.min_age: unknown key (line 4)'],
    ],
    [
      'unknown nested policy key',
      ['policies:', '  production:', '    retention: {min_history: 30d, min_yearly: 1}'],
      ['policies.production.retention.min_yearly: unknown key (line 3)'],
    ],
    [
      'bad policy max_age',
      ['policies:', '  production:', '    max_age: 26 hours'],
      [
        'policies.production.max_age: invalid duration "26 hours" (expected e.g. 90s, 15m, 1h, 1d, 2w) (line 3)',
      ],
    ],
    [
      'bad policy retention minimum',
      ['policies:', '  production:', '    retention:', '      min_daily: -1', '      min_weekly: 1.5'],
      [
        'policies.production.retention.min_daily: must be at least 0 (line 4)',
        'policies.production.retention.min_weekly: must be an integer (line 5)',
      ],
    ],
    [
      'size anomaly factors out of range',
      ['policies:', '  production:', '    size_anomaly: {low: 1.5, high: 0.9, min_samples: 0}'],
      [
        'policies.production.size_anomaly.low: must be less than 1 (line 3)',
        'policies.production.size_anomaly.high: must be greater than 1 (line 3)',
        'policies.production.size_anomaly.min_samples: must be at least 1 (line 3)',
      ],
    ],
    [
      'size anomaly low not above 0',
      ['policies:', '  production:', '    size_anomaly:', '      low: 0', '      zero_added_runs: 0'],
      [
        'policies.production.size_anomaly.low: must be greater than 0 (line 4)',
        'policies.production.size_anomaly.zero_added_runs: must be at least 1 (line 5)',
      ],
    ],
    [
      'lock failures warn_until 0',
      ['policies:', '  production:', '    lock_failures:', '      warn_until: 0'],
      ['policies.production.lock_failures.warn_until: must be at least 1 (line 4)'],
    ],
    [
      'bad environment name',
      ['policies:', '  prod env:', '    max_age: 1d'],
      ['policies["prod env"]: environment name must be 1 to 100 letters, digits, ".", "-" and "_" (line 2)'],
    ],
    [
      'job defaults cannot set a policy',
      ['policies:', '  production:', '    job_defaults: {policy: {max_age: 1d}}'],
      ['policies.production.job_defaults.policy: unknown key (line 3)'],
    ],
    [
      'bad job policy override',
      ['jobs:', '  - slug: a', '    policy:', '      max_age: 1d', '      job_defaults: {grace: 1h}'],
      ['jobs[0].policy.job_defaults: unknown key (line 5)'],
    ],
    [
      'channel without name',
      ['channels:', '  - type: webhook', '    url: https://x.example'],
      ['channels[0].name: required (line 2)'],
    ],
    [
      'duplicate channel names',
      [
        'channels:',
        '  - {name: ops, type: webhook, url: "http://127.0.0.1/x"}',
        '  - {name: ops, type: slack, url: "https://hooks.slack.com/services/x"}',
      ],
      ['channels[1].name: duplicate name "ops", already used by channels[0] (line 3)'],
    ],
    [
      'silence not a mapping',
      ['silences:', '  - just a string'],
      ['silences[0]: must be an object, got a string (line 2)'],
    ],
    [
      'silence without an end',
      ['silences:', '  - {name: s, match: {servers: [nas]}}'],
      [
        'silences[0].ends_at: required (or starts_at with duration): a silence in the file ends at a fixed time (line 2)',
      ],
    ],
    [
      'silence matching everything',
      ['silences:', '  - {name: s, match: {}, ends_at: "2026-12-01T00:00:00Z"}'],
      [
        'silences[0].match: needs at least one of environment, tags, types, servers, jobs (a silence must not silence everything by accident) (line 2)',
      ],
    ],
    [
      'silence with a bad time and an unknown matcher',
      ['silences:', '  - {name: s, match: {server: [nas]}, ends_at: "tomorrow"}'],
      [
        'silences[0].match.server: unknown key (line 2)',
        'silences[0].ends_at: must be an ISO 8601 time like 2026-11-22T05:32:04Z, got "tomorrow" (line 2)',
      ],
    ],
    [
      'duplicate silence names',
      [
        'silences:',
        '  - {name: s, match: {servers: [a]}, ends_at: "2026-12-01T00:00:00Z"}',
        '  - {name: s, match: {servers: [b]}, ends_at: "2026-12-01T00:00:00Z"}',
      ],
      ['silences[1].name: duplicate name "s", already used by silences[0] (line 3)'],
    ],
    [
      'server without name',
      ['servers:', '  - environment: production'],
      ['servers[0].name: required (line 2)'],
    ],
    [
      'duplicate server names',
      ['servers:', '  - name: nas', '  - name: nas'],
      ['servers[1].name: duplicate name "nas", already used by servers[0] (line 3)'],
    ],
    [
      'bad heartbeat timeout',
      ['servers:', '  - name: nas', '    heartbeat_timeout: 0s'],
      ['servers[0].heartbeat_timeout: invalid duration "0s" (must be at least 1s) (line 3)'],
    ],
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

describe('loadConfig: precedence flag > env > file > default', () => {
  const FILE = ['listen: 10.0.0.3:3', 'database: sqlite:/file.db', 'base_url: http://file.example']
  const table: [
    string,
    Partial<ConfigFlags>,
    NodeJS.ProcessEnv,
    string[],
    Pick<Config, 'listen' | 'database' | 'baseUrl'>,
  ][] = [
    [
      'flags win',
      { listen: '10.0.0.1:1', database: 'sqlite:/flag.db', baseUrl: 'http://flag.example' },
      {
        BACKWATCH_LISTEN: '10.0.0.2:2',
        BACKWATCH_DATABASE_URL: 'sqlite:/env.db',
        BACKWATCH_BASE_URL: 'http://env.example',
      },
      FILE,
      {
        listen: { host: '10.0.0.1', port: 1 },
        database: { kind: 'sqlite', path: '/flag.db' },
        baseUrl: 'http://flag.example',
      },
    ],
    [
      'env beats file',
      {},
      {
        BACKWATCH_LISTEN: '10.0.0.2:2',
        BACKWATCH_DATABASE_URL: 'postgresql://env-db/bw',
        BACKWATCH_BASE_URL: 'http://env.example/bw/',
      },
      FILE,
      {
        listen: { host: '10.0.0.2', port: 2 },
        database: { kind: 'postgres', url: 'postgresql://env-db/bw' },
        baseUrl: 'http://env.example/bw',
      },
    ],
    [
      'file beats default',
      {},
      {},
      FILE,
      {
        listen: { host: '10.0.0.3', port: 3 },
        database: { kind: 'sqlite', path: '/file.db' },
        baseUrl: 'http://file.example',
      },
    ],
    [
      'empty env counts as unset',
      {},
      { BACKWATCH_LISTEN: '', BACKWATCH_DATABASE_URL: '', BACKWATCH_BASE_URL: '' },
      FILE,
      {
        listen: { host: '10.0.0.3', port: 3 },
        database: { kind: 'sqlite', path: '/file.db' },
        baseUrl: 'http://file.example',
      },
    ],
    [
      'defaults',
      {},
      {},
      [],
      { listen: { host: '127.0.0.1', port: 8080 }, database: { kind: 'sqlite', path: '' }, baseUrl: null },
    ],
  ]
  it.each(table)('%s', (_name, flags, env, file, expected) => {
    const dir = tempDir({ 'bw.yaml': file })
    const config = loadConfig({ flags: { config: 'bw.yaml', ...flags }, env, cwd: dir })
    if (expected.database.kind === 'sqlite' && expected.database.path === '') {
      expected.database.path = join(dir, 'data/backwatch.db')
    }
    expect({ listen: config.listen, database: config.database, baseUrl: config.baseUrl }).toEqual(expected)
  })

  it('ignores an invalid env value overridden by a flag', () => {
    const config = load([], { flags: { listen: '127.0.0.1:0' }, env: { BACKWATCH_LISTEN: 'garbage' } })
    expect(config.listen).toEqual({ host: '127.0.0.1', port: 0 })
  })

  it('takes the API token from BACKWATCH_API_TOKEN', () => {
    expect(load([], { env: { BACKWATCH_API_TOKEN: 'bootstrap-token-123' } }).apiToken).toBe(
      'bootstrap-token-123',
    )
    expect(load([], { env: { BACKWATCH_API_TOKEN: '' } }).apiToken).toBeNull()
  })
})

describe('loadConfig: which config file', () => {
  it('--config beats BACKWATCH_CONFIG beats ./backwatch.yaml', () => {
    const dir = tempDir({
      'flag.yaml': ['listen: 127.0.0.1:1'],
      'env.yaml': ['listen: 127.0.0.1:2'],
      'backwatch.yaml': ['listen: 127.0.0.1:3'],
    })
    const env = { BACKWATCH_CONFIG: 'env.yaml' }
    const viaFlag = loadConfig({ flags: { config: 'flag.yaml' }, env, cwd: dir })
    expect([viaFlag.configPath, viaFlag.listen.port]).toEqual([join(dir, 'flag.yaml'), 1])
    const viaEnv = loadConfig({ env, cwd: dir })
    expect([viaEnv.configPath, viaEnv.listen.port]).toEqual([join(dir, 'env.yaml'), 2])
    const viaDefault = loadConfig({ env: {}, cwd: dir })
    expect([viaDefault.configPath, viaDefault.listen.port]).toEqual([join(dir, 'backwatch.yaml'), 3])
  })

  it('accepts an absolute path', () => {
    const dir = tempDir({ 'x.yaml': ['listen: 127.0.0.1:5'] })
    expect(loadConfig({ flags: { config: join(dir, 'x.yaml') }, env: {}, cwd: tempDir() }).listen.port).toBe(
      5,
    )
  })

  it('runs without a file when ./backwatch.yaml does not exist', () => {
    expect(loadConfig({ env: {}, cwd: tempDir() }).configPath).toBeNull()
  })

  it.each([
    ['--config', { config: 'missing.yaml' }, {}],
    ['BACKWATCH_CONFIG', {}, { BACKWATCH_CONFIG: 'missing.yaml' }],
  ] as [string, Partial<ConfigFlags>, NodeJS.ProcessEnv][])(
    'fails when %s names a missing file',
    (label, flags, env) => {
      const dir = tempDir()
      expect(problemsOf(() => loadConfig({ flags, env, cwd: dir }))).toEqual([
        `${label}: config file not found: ${join(dir, 'missing.yaml')}`,
      ])
    },
  )

  it('fails when the config path is a directory', () => {
    const dir = tempDir()
    mkdirSync(join(dir, 'backwatch.yaml'))
    expect(problemsOf(() => loadConfig({ env: {}, cwd: dir }))).toEqual([
      `${join(dir, 'backwatch.yaml')}: is a directory`,
    ])
  })
})

describe('parseListen', () => {
  it.each([
    ['127.0.0.1:8080', '127.0.0.1', 8080],
    ['0.0.0.0:0', '0.0.0.0', 0],
    ['localhost:65535', 'localhost', 65535],
    ['backwatch.internal:9000', 'backwatch.internal', 9000],
    ['[::1]:8080', '::1', 8080],
    ['[::]:80', '::', 80],
    ['[2001:db8::1]:443', '2001:db8::1', 443],
    [' 127.0.0.1:8080 ', '127.0.0.1', 8080],
  ])('%s', (text, host, port) => {
    expect(parseListen(text)).toEqual({ host, port })
  })

  it.each([
    ['127.0.0.1', 'expected HOST:PORT, e.g. 127.0.0.1:8080 or [::1]:8080'],
    ['', 'expected HOST:PORT, e.g. 127.0.0.1:8080 or [::1]:8080'],
    ['127.0.0.1:http', 'expected HOST:PORT, e.g. 127.0.0.1:8080 or [::1]:8080'],
    ['127.0.0.1:-1', 'expected HOST:PORT, e.g. 127.0.0.1:8080 or [::1]:8080'],
    ['127.0.0.1:123456', 'expected HOST:PORT, e.g. 127.0.0.1:8080 or [::1]:8080'],
    ['::1:8080', 'expected HOST:PORT, e.g. 127.0.0.1:8080 or [::1]:8080'],
    ['[::1]', 'expected HOST:PORT, e.g. 127.0.0.1:8080 or [::1]:8080'],
    ['127.0.0.1:65536', 'port must be 0..65535'],
    [':8080', 'missing host, e.g. 0.0.0.0:8080 for all interfaces'],
    ['[zz]:80', 'not an IPv6 address between the brackets'],
    ['a b:80', 'invalid host'],
    ['-host:80', 'invalid host'],
  ])('rejects %j', (text, why) => {
    expect(problemsOf(() => parseListen(text))).toEqual([
      `invalid listen address ${JSON.stringify(text)} (${why})`,
    ])
  })
})

describe('parseDatabaseUrl', () => {
  it.each([
    ['sqlite:./data/backwatch.db', { kind: 'sqlite', path: '/srv/bw/data/backwatch.db' }],
    ['sqlite:bw.db', { kind: 'sqlite', path: '/srv/bw/bw.db' }],
    ['sqlite:/var/lib/bw.db', { kind: 'sqlite', path: '/var/lib/bw.db' }],
    ['sqlite:///var/lib/bw.db', { kind: 'sqlite', path: '/var/lib/bw.db' }],
    ['sqlite://data/bw.db', { kind: 'sqlite', path: '/srv/bw/data/bw.db' }],
    ['sqlite::memory:', { kind: 'sqlite', path: ':memory:' }],
    ['postgres://bw:secret@db:5432/bw', { kind: 'postgres', url: 'postgres://bw:secret@db:5432/bw' }],
    ['postgresql://db/bw?sslmode=require', { kind: 'postgres', url: 'postgresql://db/bw?sslmode=require' }],
    [
      'postgres:///bw?host=/var/run/postgresql',
      { kind: 'postgres', url: 'postgres:///bw?host=/var/run/postgresql' },
    ],
  ])('%s', (text, expected) => {
    expect(parseDatabaseUrl(text, '/srv/bw')).toEqual(expected)
  })

  it.each([
    ['sqlite:', 'sqlite database URL needs a path, e.g. sqlite:./data/backwatch.db'],
    ['sqlite://', 'sqlite database URL needs a path, e.g. sqlite:./data/backwatch.db'],
    [
      'mysql://root:hunter2@db/bw',
      'unsupported database URL scheme "mysql:" (expected sqlite:PATH or postgres://…)',
    ],
    ['data.db', 'unsupported database URL (expected sqlite:PATH or postgres://…)'],
    ['postgres://', 'invalid PostgreSQL URL: missing host'],
    [
      'postgres://user:hunter2@[bad/db',
      'invalid PostgreSQL URL (expected postgres://USER:PASSWORD@HOST:PORT/DB)',
    ],
  ])('rejects %s', (text, message) => {
    expect(problemsOf(() => parseDatabaseUrl(text, '/srv/bw'))).toEqual([message])
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

describe('checkConfigFile', () => {
  it('summarises a valid file', () => {
    const dir = tempDir({ 'backwatch.yaml': FULL_EXAMPLE })
    expect(
      checkConfigFile(
        'backwatch.yaml',
        { BW_CI_TOKEN: 'ci-token-abcdefghijklmnop', SMTP_PASSWORD: 'x' },
        dir,
      ),
    ).toEqual({
      ok: true,
      summary: 'backwatch.yaml: OK (2 servers, 2 jobs, 2 tokens, 2 channels, 1 silence)',
    })
  })

  it('uses singular nouns for one of each', () => {
    const dir = tempDir({
      'one.yaml': [
        'servers: [{name: nas}]',
        'jobs: [{slug: a}]',
        'tokens: [{name: t, scope: read, token: "0123456789abcdef"}]',
        'channels: [{name: c, type: webhook, url: "http://127.0.0.1/x"}]',
        'silences: [{name: s, match: {servers: [nas]}, ends_at: "2027-01-01T00:00:00Z"}]',
      ],
      'none.yaml': [],
    })
    expect(checkConfigFile('one.yaml', {}, dir)).toEqual({
      ok: true,
      summary: 'one.yaml: OK (1 server, 1 job, 1 token, 1 channel, 1 silence)',
    })
    expect(checkConfigFile('none.yaml', {}, dir)).toEqual({
      ok: true,
      summary: 'none.yaml: OK (0 servers, 0 jobs, 0 tokens, 0 channels, 0 silences)',
    })
  })

  it('lists the problems of an invalid file', () => {
    const dir = tempDir({ 'bad.yaml': ['jobs:', '  - slug: a', '    grace: later', '  - name: b'] })
    expect(checkConfigFile('bad.yaml', {}, dir)).toEqual({
      ok: false,
      problems: [
        'jobs[0].grace: invalid duration "later" (expected e.g. 90s, 15m, 1h, 1d, 2w) (line 3)',
        'jobs[1].slug: required (line 4)',
      ],
    })
  })

  it('reports a missing file by the name given', () => {
    expect(checkConfigFile('nope.yaml', {}, tempDir())).toEqual({
      ok: false,
      problems: ['nope.yaml: file not found'],
    })
  })

  it('ignores BACKWATCH_* settings in the environment', () => {
    const dir = tempDir({ 'ok.yaml': [] })
    expect(
      checkConfigFile('ok.yaml', { BACKWATCH_LISTEN: 'bad', BACKWATCH_CONFIG: 'other.yaml' }, dir).ok,
    ).toBe(true)
  })
})
