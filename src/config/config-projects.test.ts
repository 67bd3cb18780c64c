// The config file's `projects:` (issue 12): each project's sections as the top level's, problems
// named by their path under projects[i], what is unique per installation unique in the file.
import { describe, expect, it } from 'vitest'
import { load, problemsOf, tempDir } from '../../test/support/config-files.js'
import { checkConfigFile } from './check-config.js'

const TWO_PROJECTS = [
  'jobs: [{slug: nightly, server: db-01}]',
  'servers: [{name: db-01}]',
  'projects:',
  '  - slug: acme',
  '    name: ACME Corp',
  '    ping_key: acme-ping-key-0001',
  '    tokens: [{name: ci, scope: ingest, token: "acme-token-0123456789"}]',
  '    servers: [{name: db-01, heartbeat_timeout: 1h}]',
  '    jobs: [{slug: nightly, server: db-01, schedule: {every: 1d}}]',
  '    policies: {production: {max_age: 3d}}',
  '    channels: [{name: ops, type: webhook, url: "http://127.0.0.1/acme"}]',
  '    silences: [{name: s, match: {servers: [db-01]}, ends_at: "2099-01-01T00:00:00Z"}]',
  '  - slug: beta',
  '    jobs: [{slug: nightly}]',
]

describe('config projects:', () => {
  it('reads each project with its own sections; the top level stays the default project', () => {
    const config = load(TWO_PROJECTS)
    expect(config.jobs.map((j) => j.slug)).toEqual(['nightly'])
    expect(config.projects).toHaveLength(2)
    const [acme, beta] = config.projects
    expect(acme).toMatchObject({
      slug: 'acme',
      name: 'ACME Corp',
      pingKey: 'acme-ping-key-0001',
      tokens: [{ name: 'ci', scope: 'ingest', token: 'acme-token-0123456789' }],
      servers: [{ name: 'db-01', heartbeatTimeout: 3_600_000 }],
      jobs: [{ slug: 'nightly', server: 'db-01' }],
    })
    expect(Object.keys(acme!.policies)).toEqual(['production'])
    expect(acme!.channels.map((c) => c.name)).toEqual(['ops'])
    expect(acme!.silences.map((s) => s.name)).toEqual(['s'])
    expect(beta).toMatchObject({ slug: 'beta', name: null, pingKey: null, tokens: [], servers: [] })
  })

  it('names every problem by its path under projects[i], with its line', () => {
    const problems = problemsOf(() =>
      load([
        'ping_key: shared-ping-key-01',
        'tokens: [{name: a, scope: read, token: "same-token-0123456789"}]',
        'jobs: [{slug: a, uuid: 0b7ac6c2-4f0e-4a55-9a61-2f1d1e0c7b11}]',
        'projects:',
        '  - slug: acme',
        '    ping_key: shared-ping-key-01',
        '    jobs: [{slug: x, grace: later}, {slug: x}, {name: y}]',
        '    servers: [{name: n}, {name: n}]',
        '    tokens: [{name: b, scope: read, token: "same-token-0123456789"}]',
        '  - slug: acme',
        '    jobs: [{slug: b, uuid: 0B7AC6C2-4F0E-4A55-9A61-2F1D1E0C7B11}]',
        '    policies: {"bad name": {}}',
        '    colour: red',
        '  - name: no slug',
        '  - slug: default',
        '  - slug: Bad_Slug',
      ]),
    )
    expect(problems).toEqual([
      'projects[0].ping_key: the same ping key as the top level (line 6)',
      'projects[0].jobs[0].grace: invalid duration "later" (expected e.g. 90s, 15m, 1h, 1d, 2w) (line 7)',
      'projects[0].jobs[1].slug: duplicate slug "x", already used by projects[0].jobs[0] (line 7)',
      'projects[0].jobs[2].slug: required (line 7)',
      'projects[0].servers[1].name: duplicate name "n", already used by projects[0].servers[0] (line 8)',
      'projects[1].slug: duplicate slug "acme", already used by projects[0] (line 10)',
      'projects[1].jobs[0].uuid: duplicate uuid "0B7AC6C2-4F0E-4A55-9A61-2F1D1E0C7B11", already used by jobs[0] (line 11)',
      'projects[1].policies["bad name"]: environment name must be 1 to 100 letters, digits, ".", "-" and "_" (line 12)',
      'projects[1].colour: unknown key (line 13)',
      'projects[2].slug: required (line 14)',
      'projects[3].slug: the top level of the file is the default project: declare its jobs there (line 15)',
      'projects[4].slug: must be 1 to 63 lower-case letters, digits and "-", starting with a letter or digit (line 16)',
    ])
  })

  it('refuses a token given to two projects (by value or environment variable), never quoting it', () => {
    const problems = problemsOf(() =>
      load(
        [
          'tokens: [{name: a, scope: read, token: "same-token-0123456789"}]',
          'projects:',
          '  - slug: acme',
          '    tokens: [{name: a, scope: read, token_env: ACME_TOKEN}]',
          '  - slug: beta',
          '    tokens: [{name: b, scope: admin, token: "same-token-0123456789"}]',
        ],
        { env: { ACME_TOKEN: 'same-token-0123456789' } },
      ),
    )
    expect(problems).toEqual([
      'projects[0].tokens[0].token_env: the same token as tokens[0] (a token belongs to one project) (line 4)',
      'projects[1].tokens[0].token: the same token as tokens[0] (a token belongs to one project) (line 6)',
    ])
  })

  it('check-config counts the whole file and reports the problems of projects', () => {
    const dir = tempDir({
      'ok.yaml': TWO_PROJECTS,
      'bad.yaml': [
        'projects:',
        '  - slug: acme',
        '    jobs:',
        '      - slug: a',
        '        schedule: {every: never}',
      ],
    })
    expect(checkConfigFile('ok.yaml', {}, dir)).toEqual({
      ok: true,
      summary: 'ok.yaml: OK (2 servers, 3 jobs, 1 token, 1 channel, 1 silence, 2 projects)',
    })
    const bad = checkConfigFile('bad.yaml', {}, dir)
    expect(bad.ok).toBe(false)
    expect(!bad.ok && bad.problems).toEqual([
      expect.stringMatching(/^projects\[0\]\.jobs\[0\]\.schedule\.every: .* \(line 5\)$/),
    ])
  })
})
