import { describe, expect, it } from 'vitest'
import { channelRedactor, looksSecret, redactText } from './redact-text.js'

const WHSEC = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'

describe('redactText (no channel known)', () => {
  it.each([
    ['userinfo', 'fetch: http://ops:hunter22@h.example/x failed', 'fetch: http://h.example/x failed'],
    [
      'query values',
      'GET https://h.example/x?token=abc&v=2&empty=',
      'GET https://h.example/x?token=[redacted]&v=[redacted]&empty=',
    ],
    [
      'token-like path segments',
      'POST https://h.example/api/v2/hooks/0b6c8a3e-1234-4abc-8def-0123456789ab/run',
      'POST https://h.example/api/v2/hooks/[redacted]/run',
    ],
    ['a fragment', 'see https://h.example/#access_token=x1', 'see https://h.example/#[redacted]'],
    ['bearer token', 'echo: Authorization: Bearer eyJhbGciOi.J9x', 'echo: Authorization: Bearer [redacted]'],
    ['basic credentials', 'got Basic dXNlcjpwYXNz', 'got Basic [redacted]'],
    [
      'words stay',
      'Basic authentication failed for https://h.example/hook',
      'Basic authentication failed for https://h.example/hook',
    ],
    ['plain text stays', 'webhook: HTTP 500 internal error', 'webhook: HTTP 500 internal error'],
  ])('%s', (_what, text, want) => {
    expect(redactText(text)).toBe(want)
    expect(redactText(want)).toBe(want)
  })

  it.each([
    ['services', false],
    ['T0123ABCD', false],
    ['notifications-endpoint', false],
    ['pt8f3KqZ1xWv9Lm2Nb7R', true],
    ['0b6c8a3e-1234-4abc-8def-0123456789ab', true],
    ['a'.repeat(32), true],
  ])('looksSecret(%s) = %s', (part, want) => {
    expect(looksSecret(part)).toBe(want)
  })
})

describe('channelRedactor', () => {
  it('removes every secret setting, header value and URL credential, however echoed', () => {
    const r = channelRedactor('webhook', {
      url: 'https://h.example/in/abc?key=k-1234',
      secret: WHSEC,
      headers: { Authorization: 'Token tk_0123', 'X-Api-Key': 'api key 77' },
    })
    const echo = [
      `url=https://h.example/in/abc?key=k-1234`,
      `key k-1234`,
      `sig ${WHSEC}`,
      `escaped ${encodeURIComponent(WHSEC)}`,
      `auth "Token tk_0123" / tk_0123`,
      `api key 77`,
    ].join('; ')
    const out = r(echo)
    for (const secret of ['k-1234', WHSEC, 'MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 'tk_0123', 'api key 77'])
      expect(out).not.toContain(secret)
    expect(out).toContain('url=https://h.example/…')
  })

  it('cuts a Slack, Discord or Teams URL to its host, and each part of it the receiver quotes', () => {
    const r = channelRedactor('slack', { url: 'https://hooks.slack.com/services/T0001/B0002/xyzSecret' })
    expect(
      r('HTTP 404 for https://hooks.slack.com/services/T0001/B0002/xyzSecret: no team T0001, hook xyzSecret'),
    ).toBe('HTTP 404 for https://hooks.slack.com/…: no team [redacted], hook [redacted]')
  })

  it('finds secrets at any depth (smtp.password) and keeps short values and names', () => {
    const r = channelRedactor('email', {
      to: ['ops@example.com'],
      smtp: { host: 'mx', user: 'bw', password: 'pa55word' },
    })
    expect(r('535 auth failed for bw with pa55word at mx (ops@example.com)')).toBe(
      '535 auth failed for bw with [redacted] at mx (ops@example.com)',
    )
  })

  it('still cleans URLs and credentials for settings it cannot read', () => {
    expect(channelRedactor('webhook', null)('to http://u:p@h.example/x')).toBe('to http://h.example/x')
  })
})
