import { describe, expect, it } from 'vitest'
import { aNotification } from '../../../test/support/receivers-fixtures.js'
import { alertPhrase, cut, tail, titleOf } from './text.js'

describe('titleOf', () => {
  it.each([
    [{}, '[CRITICAL] backup failed: prod-sql-01/nightly'],
    [{ transition: 'resolved' as const }, '[RESOLVED] backup failed: prod-sql-01/nightly'],
    [{ transition: 'test' as const }, '[TEST] backup failed: prod-sql-01/nightly'],
    [
      { alert: { type: 'job.stale', severity: 'warning' as const } },
      '[WARNING] no recent backup: prod-sql-01/nightly',
    ],
    [{ alert: { type: 'server.offline', job: null } }, '[CRITICAL] server offline: prod-sql-01'],
    [{ alert: { type: 'job.missed', server: null } }, '[CRITICAL] backup missed: nightly'],
    [{ alert: { type: 'x.y', server: null, job: null, severity: 'info' as const } }, '[INFO] x y: fleet'],
  ])('%j → %s', (o, want) => {
    expect(titleOf(aNotification(o))).toBe(want)
  })

  it('names every known alert type', () => {
    for (const t of [
      'job.failed',
      'job.missed',
      'job.stale',
      'job.warning',
      'job.long_running',
      'job.size_anomaly',
      'job.retention_violation',
      'job.check_overdue',
      'server.offline',
      'server.unprotected',
    ]) {
      expect(alertPhrase(t)).not.toContain('.')
    }
  })
})

describe('cut and tail', () => {
  it.each([
    ['short', 10, 'short'],
    ['abcdefghij', 5, 'abcd…'],
    ['abc😀def', 5, 'abc…'],
  ])('cut(%s, %i) = %s', (text, max, want) => {
    const got = cut(text, max)
    expect(got).toBe(want)
    expect(got.length).toBeLessThanOrEqual(max)
  })

  it('keeps the end of a log', () => {
    expect(tail('line1\nline2\nline3', 7)).toBe('…\nline3')
    expect(tail('ok', 7)).toBe('ok')
  })
})
