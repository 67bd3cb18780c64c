import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { load, tempDir } from '../../test/support/config-files.js'
import { type Config, loadConfig } from './config.js'

describe('loadConfig: full example', () => {
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
      projects: [],
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
