import { describe, expect, it } from 'vitest'
import { aBatch, aNotification } from '../../../test/support/receivers-fixtures.js'
import { alertPhrase, cut, leadOf, lineOf, linesWithin, plainTextOf, tail, titleOf } from './text.js'

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

describe('batch lines', () => {
  it.each([
    ['opened', '[CRITICAL] opened: backup failed: prod-sql-01/nightly — borgmatic exited with code 2'],
    ['resolved', '[RESOLVED] backup failed: prod-sql-01/nightly — borgmatic exited with code 2'],
    ['repeat', '[CRITICAL] still active: backup failed: prod-sql-01/nightly — borgmatic exited with code 2'],
    ['escalated', '[CRITICAL] escalated: backup failed: prod-sql-01/nightly — borgmatic exited with code 2'],
  ] as const)('%s → %s', (transition, want) => {
    expect(lineOf(aNotification({ transition }))).toBe(want)
  })

  it('keeps a line short', () => {
    expect(lineOf(aNotification({ alert: { summary: 'x'.repeat(1000) } })).length).toBe(160)
  })

  it('keeps whole lines while they fit, then says how many more', () => {
    const lines = ['aaaa', 'bbbb', 'cccc', 'dddd']
    expect(linesWithin(lines, 100)).toBe('aaaa\nbbbb\ncccc\ndddd')
    expect(linesWithin(lines, 19)).toBe('aaaa\nbbbb\ncccc\ndddd')
    const cut = linesWithin(lines, 18)
    expect(cut).toBe('aaaa\n… and 3 more')
    expect(cut.length).toBeLessThanOrEqual(18)
  })

  it('a batch: its title counts, its lead lists (within the room given), no facts', () => {
    const n = aBatch(25)
    expect(titleOf(n)).toBe('[CRITICAL] 25 backup notifications')
    expect(leadOf(n).split('\n')).toHaveLength(25)
    const short = leadOf(n, 500)
    expect(short.length).toBeLessThanOrEqual(500)
    expect(short).toMatch(/\n… and \d+ more$/)
    expect(plainTextOf(n).split('\n')).toEqual([
      '[CRITICAL] 25 backup notifications',
      ...leadOf(n).split('\n'),
      'https://backwatch.example/api/v1/alerts',
    ])
  })
})
