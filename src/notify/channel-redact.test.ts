import { describe, expect, it } from 'vitest'
import { REDACTED, redactChannelMap, redactUrl, restoreRedacted } from './channel-redact.js'

const WHSEC = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'

describe('redactChannelMap', () => {
  it.each([
    [
      'webhook secret',
      'webhook',
      { url: 'https://h.example/x', secret: WHSEC },
      { url: 'https://h.example/x', secret: REDACTED },
    ],
    [
      'webhook headers (API keys)',
      'webhook',
      { url: 'https://h.example/x', headers: { 'X-Api-Key': 'k1' } },
      { url: 'https://h.example/x', headers: { 'X-Api-Key': REDACTED } },
    ],
    [
      'webhook URL with a query',
      'webhook',
      { url: 'https://h.example/x?token=abc' },
      { url: 'https://h.example/…' },
    ],
    [
      'webhook URL with userinfo',
      'webhook',
      { url: 'https://u:p@h.example:8443/x' },
      { url: 'https://h.example:8443/…' },
    ],
    [
      'slack URL is the credential',
      'slack',
      { url: 'https://hooks.slack.com/services/T/B/xyz' },
      { url: 'https://hooks.slack.com/…' },
    ],
    [
      'discord URL',
      'discord',
      { url: 'https://discord.com/api/webhooks/1/tok' },
      { url: 'https://discord.com/…' },
    ],
    [
      'teams URL',
      'teams',
      { url: 'https://prod.logic.azure.com/wf/1?sig=s' },
      { url: 'https://prod.logic.azure.com/…' },
    ],
    [
      'ntfy token, plain URL kept',
      'ntfy',
      { url: 'https://ntfy.sh', topic: 't', token: 'tk' },
      { url: 'https://ntfy.sh', topic: 't', token: REDACTED },
    ],
    [
      'gotify token',
      'gotify',
      { url: 'https://g.example', token: 'A1' },
      { url: 'https://g.example', token: REDACTED },
    ],
    ['pagerduty routing_key', 'pagerduty', { routing_key: 'k'.repeat(32) }, { routing_key: REDACTED }],
    [
      'opsgenie api_key',
      'opsgenie',
      { api_key: 'k', api_url: 'https://api.eu.opsgenie.com' },
      { api_key: REDACTED, api_url: 'https://api.eu.opsgenie.com' },
    ],
    [
      'telegram bot_token, chat_id kept',
      'telegram',
      { bot_token: '1:AB', chat_id: -100 },
      { bot_token: REDACTED, chat_id: -100 },
    ],
    [
      'pushover token and user key',
      'pushover',
      { token: 'a', user: 'b', device: 'd' },
      { token: REDACTED, user: REDACTED, device: 'd' },
    ],
    [
      'email smtp.password, smtp.user kept',
      'email',
      { to: ['a@b.c'], smtp: { host: 'h', user: 'bw', password: 'pw' } },
      { to: ['a@b.c'], smtp: { host: 'h', user: 'bw', password: REDACTED } },
    ],
    [
      'env references are names, shown',
      'webhook',
      { url: 'https://h.example', secret_env: 'HOOK' },
      { url: 'https://h.example', secret_env: 'HOOK' },
    ],
    [
      'routing keys untouched',
      'webhook',
      { name: 'n', type: 'webhook', min_severity: 'warning' },
      { name: 'n', type: 'webhook', min_severity: 'warning' },
    ],
    ['an unparsable URL', 'webhook', { url: 'not a url' }, { url: REDACTED }],
  ])('%s', (_what, kind, input, want) => {
    expect(redactChannelMap(kind, input)).toEqual(want)
  })

  it('cuts URLs to scheme and host', () => {
    expect(redactUrl('http://127.0.0.1:9/x', false)).toBe('http://127.0.0.1:9/x')
    expect(redactUrl('http://127.0.0.1:9/x', true)).toBe('http://127.0.0.1:9/…')
  })
})

describe('restoreRedacted', () => {
  const stored = {
    name: 'n',
    type: 'email',
    to: ['a@b.c'],
    smtp: { host: 'h', user: 'bw', password: 'pw' },
  }

  it('puts back the values a client sends as it saw them', () => {
    const shown = redactChannelMap('email', stored)
    expect(restoreRedacted('email', { ...shown, to: ['x@y.z'] }, stored)).toEqual({
      ...stored,
      to: ['x@y.z'],
    })
  })

  it('keeps new values, even where a secret was', () => {
    const incoming = { ...stored, smtp: { host: 'h2', user: 'bw', password: 'new' } }
    expect(restoreRedacted('email', incoming, stored)).toEqual(incoming)
  })

  it('restores a slack URL sent back cut', () => {
    const s = { name: 's', type: 'slack', url: 'https://hooks.slack.com/services/T/B/xyz' }
    expect(restoreRedacted('slack', { ...s, url: 'https://hooks.slack.com/…' }, s)).toEqual(s)
  })
})
