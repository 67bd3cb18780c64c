import { describe, expect, it } from 'vitest'
import { load, problemsOf } from '../../test/support/config-files.js'

describe('loadConfig: one problem, exact message and line', () => {
  const cases: [string, string[], string[], NodeJS.ProcessEnv?][] = [
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
      'bad job policy override',
      ['jobs:', '  - slug: a', '    policy:', '      max_age: 1d', '      job_defaults: {grace: 1h}'],
      ['jobs[0].policy.job_defaults: unknown key (line 5)'],
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
  ]
  it.each(cases)('%s', (_name, lines, expected, env) => {
    expect(problemsOf(() => load(lines, { env: env ?? {} }))).toEqual(expected)
  })
})
