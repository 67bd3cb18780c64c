import { describe, expect, it } from 'vitest'
import { load, problemsOf } from '../../test/support/config-files.js'

describe('loadConfig: one problem, exact message and line', () => {
  const cases: [string, string[], string[], NodeJS.ProcessEnv?][] = [
    [
      'bad job defaults of a policy',
      ['policies:', '  production:', '    job_defaults:', '      grace: soon', '      slug: x'],
      [
        'policies.production.job_defaults.grace: invalid duration "soon" (expected e.g. 90s, 15m, 1h, 1d, 2w) (line 4)',
        'policies.production.job_defaults.slug: unknown key (line 5)',
      ],
    ],
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
  ]
  it.each(cases)('%s', (_name, lines, expected, env) => {
    expect(problemsOf(() => load(lines, { env: env ?? {} }))).toEqual(expected)
  })
})
