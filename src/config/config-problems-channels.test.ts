import { describe, expect, it } from 'vitest'
import { load, problemsOf } from '../../test/support/config-files.js'

describe('loadConfig: one problem, exact message and line', () => {
  const cases: [string, string[], string[], NodeJS.ProcessEnv?][] = [
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
  ]
  it.each(cases)('%s', (_name, lines, expected, env) => {
    expect(problemsOf(() => load(lines, { env: env ?? {} }))).toEqual(expected)
  })
})
