import { describe, expect, it } from 'vitest'
import { aBatch, aNotification } from '../../../../test/support/receivers-fixtures.js'
import { emailSettings } from '../../../config/channels/email.js'
import { buildEmail } from './body.js'

const s = emailSettings.parse({
  to: ['ops@example.com'],
  from: 'Backwatch <bw@example.com>',
  smtp: { host: 'mx' },
})

describe('email body', () => {
  it.each([
    [{}, '[CRITICAL] backup failed: prod-sql-01/nightly', true],
    [{ transition: 'resolved' as const }, '[RESOLVED] backup failed: prod-sql-01/nightly', true],
    [{ alert: { log_tail: null } }, '[CRITICAL] backup failed: prod-sql-01/nightly', false],
  ])('%j → subject %s', (o, subject, hasLog) => {
    const m = buildEmail(aNotification(o), s)
    expect(m.subject).toBe(subject)
    expect(m.to).toEqual(['ops@example.com'])
    expect(m.text).toContain('borgmatic exited with code 2')
    expect(m.text).toContain('https://backwatch.example/api/v1/alerts/42')
    expect(m.html).toContain('<a href="https://backwatch.example/api/v1/alerts/42">')
    expect(m.html.includes('<pre')).toBe(hasLog)
    expect(m.text.includes('Connection closed by remote host')).toBe(hasLog)
    expect(m.headers.References).toBe('<backwatch-alert-42@backwatch>')
  })

  it('escapes the log tail in HTML', () => {
    const m = buildEmail(aNotification({ alert: { log_tail: '<script>alert(1)</script>' } }), s)
    expect(m.html).toContain('&lt;script&gt;')
    expect(m.html).not.toContain('<script>')
  })
})

describe('email settings', () => {
  it('fills SMTP defaults', () => {
    expect(s.smtp).toMatchObject({ port: 587, secure: false, pool: false, require_tls: false })
  })

  it.each([
    [{ to: 'ops@example.com', from: 'a@b.c', smtp: { host: 'h' } }, 'list of addresses'],
    [{ to: [], from: 'a@b.c', smtp: { host: 'h' } }, 'at least one'],
    [{ to: ['nope'], from: 'a@b.c', smtp: { host: 'h' } }, 'e-mail address'],
    [{ to: ['a@b.c'], from: 'a@b.c', smtp: { host: 'h', password: 'p' } }, 'needs smtp.user'],
    [{ to: ['a@b.c'], from: 'a@b.c', smtp: { host: 'h', port: 70000 } }, '1-65535'],
    [{ to: ['a@b.c'], from: 'a@b.c' }, 'email smtp is required'],
    [{ to: ['a@b.c'], from: 'a@b.c', smtp: { host: 'h', passwd: 'x' } }, 'Unrecognized key: \\"passwd\\"'],
  ])('%j is rejected', (input, msg) => {
    expect(JSON.stringify(emailSettings.safeParse(input).error?.issues)).toContain(msg)
  })

  it('a batch lists its notifications and joins no alert thread', () => {
    const m = buildEmail(aBatch(2), s)
    expect(m.subject).toBe('[CRITICAL] 2 backup notifications')
    expect(m.text).toContain(
      '[CRITICAL] opened: backup failed: prod-sql-01/job-2 — borgmatic exited with code 2',
    )
    expect(m.headers).toEqual({ 'X-Backwatch-Transition': 'batch' })
  })
})
