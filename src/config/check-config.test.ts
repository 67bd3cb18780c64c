import { describe, expect, it } from 'vitest'
import { FULL_EXAMPLE, tempDir } from '../../test/support/config-files.js'
import { checkConfigFile } from './check-config.js'

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
