import { describe, expect, it } from 'vitest'
import { DEFAULT_POLICY, type Policy } from '../policy.js'
import type { Severity } from '../types.js'
import type { AlertSpec } from './rule.js'
import { escalateForStale, failedAlert, type RuleRun, STALE_SUFFIX, warningAlert } from './run-failed.js'

const job = { slug: 'nightly', serverName: 'db1', paused: false, createdAt: 0 }
const policy: Policy = { ...DEFAULT_POLICY, lockFailures: { warnUntil: 3 } }
const finishedAt = Date.parse('2026-05-04T02:10:00Z')
const run: RuleRun = {
  id: 42,
  kind: 'backup',
  status: 'failed',
  failureKind: 'error',
  exitCode: 2,
  error: '\n  Repository /srv/repo does not exist.  \nsecond line',
  finishedAt,
}
const locked: RuleRun = { ...run, failureKind: 'locked', exitCode: 11, error: 'repository is already locked' }

describe('failedAlert', () => {
  it.each<[string, Partial<RuleRun>, number, boolean, Severity | null, string | null]>([
    ['a succeeded run resolves', { status: 'succeeded', failureKind: null }, 0, false, null, null],
    ['a warning run is not a failure', { status: 'warning', failureKind: null }, 0, false, null, null],
    [
      'error → critical',
      {},
      0,
      false,
      'critical',
      'Backup failed: db1/nightly (exit status 2): Repository /srv/repo does not exist.',
    ],
    [
      'no failure kind → critical',
      { failureKind: null, exitCode: null, error: null },
      0,
      false,
      'critical',
      'Backup failed: db1/nightly',
    ],
    [
      'timeout → critical',
      { failureKind: 'timeout', exitCode: null, error: 'killed after 4h' },
      0,
      false,
      'critical',
      'Backup timed out: db1/nightly: killed after 4h',
    ],
    [
      'canceled → info',
      { failureKind: 'canceled', exitCode: 130, error: null },
      0,
      false,
      'info',
      'Backup canceled: db1/nightly (exit status 130)',
    ],
    [
      'canceled on a stale job → critical',
      { failureKind: 'canceled', exitCode: 130, error: null },
      0,
      true,
      'critical',
      `Backup canceled: db1/nightly (exit status 130)${STALE_SUFFIX}`,
    ],
    [
      'check kind',
      { kind: 'check' },
      0,
      false,
      'critical',
      'Check failed: db1/nightly (exit status 2): Repository /srv/repo does not exist.',
    ],
    [
      'prune kind',
      { kind: 'prune', error: null },
      0,
      false,
      'critical',
      'Prune failed: db1/nightly (exit status 2)',
    ],
    [
      'restore test kind',
      { kind: 'restore_test', error: null },
      0,
      false,
      'critical',
      'Restore test failed: db1/nightly (exit status 2)',
    ],
    [
      'other kind',
      { kind: 'other', error: null },
      0,
      false,
      'critical',
      'Run failed: db1/nightly (exit status 2)',
    ],
    [
      'error on a stale job stays critical, unchanged',
      { error: null },
      0,
      true,
      'critical',
      'Backup failed: db1/nightly (exit status 2)',
    ],
  ])('%s', (_name, patch, streak, stale, severity, summary) => {
    const out = failedAlert(job, { ...run, ...patch }, streak, stale, policy)
    expect(out?.severity ?? null).toBe(severity)
    expect(out?.summary ?? null).toBe(summary)
  })

  it.each<[string, number, boolean, number, Severity, string]>([
    [
      'first lock',
      1,
      false,
      3,
      'warning',
      'Backup of db1/nightly could not run: the repository is locked by another process (first time; warning until 3)',
    ],
    [
      'second lock in a row',
      2,
      false,
      3,
      'warning',
      'Backup of db1/nightly could not run: the repository is locked by another process (2 times in a row; warning until 3)',
    ],
    [
      'exactly warnUntil in a row',
      3,
      false,
      3,
      'critical',
      'Backup of db1/nightly could not run: the repository is locked by another process (locked 3 times in a row; policy: warning until 3)',
    ],
    [
      'beyond warnUntil',
      7,
      false,
      3,
      'critical',
      'Backup of db1/nightly could not run: the repository is locked by another process (locked 7 times in a row; policy: warning until 3)',
    ],
    [
      'stale with a short streak',
      1,
      true,
      3,
      'critical',
      `Backup of db1/nightly could not run: the repository is locked by another process (first time; warning until 3)${STALE_SUFFIX}`,
    ],
    [
      'stale and a long streak: the streak says why',
      4,
      true,
      3,
      'critical',
      'Backup of db1/nightly could not run: the repository is locked by another process (locked 4 times in a row; policy: warning until 3)',
    ],
    [
      'warnUntil 1: critical at once',
      1,
      false,
      1,
      'critical',
      'Backup of db1/nightly could not run: the repository is locked by another process (locked once; policy: warning until 1)',
    ],
    [
      'a streak of 0 counts as this run',
      0,
      false,
      3,
      'warning',
      'Backup of db1/nightly could not run: the repository is locked by another process (first time; warning until 3)',
    ],
  ])('locked: %s', (_name, streak, stale, warnUntil, severity, summary) => {
    const out = failedAlert(job, locked, streak, stale, { ...policy, lockFailures: { warnUntil } })
    expect(out?.severity).toBe(severity)
    expect(out?.summary).toBe(summary)
    expect(out?.details.lock_streak).toBe(streak)
  })

  it('names the kind for a locked check', () => {
    expect(failedAlert(job, { ...locked, kind: 'check' }, 2, false, policy)?.summary).toMatch(
      /^Check of db1\/nightly could not run: /,
    )
  })

  it('carries machine-readable details', () => {
    expect(failedAlert(job, locked, 2, false, policy)?.details).toEqual({
      run_id: 42,
      exit_code: 11,
      failure_kind: 'locked',
      kind: 'backup',
      failed_at: '2026-05-04T02:10:00Z',
      lock_streak: 2,
    })
  })

  it('cuts a long first error line to 200 characters', () => {
    const out = failedAlert(job, { ...run, error: 'x'.repeat(500) }, 0, false, policy)
    expect(out?.summary).toBe(`Backup failed: db1/nightly (exit status 2): ${'x'.repeat(200)}`)
  })

  it('labels a job without server by its slug', () => {
    expect(
      failedAlert({ ...job, serverName: null }, { ...run, error: null }, 0, false, policy)?.summary,
    ).toBe('Backup failed: nightly (exit status 2)')
  })
})

describe('warningAlert', () => {
  it.each<[string, Partial<RuleRun>, string | null]>([
    [
      'backup with warnings',
      {
        status: 'warning',
        failureKind: null,
        exitCode: 1,
        error: 'file changed while we backed it up\nmore',
      },
      'Backup db1/nightly finished with warnings (exit status 1): file changed while we backed it up',
    ],
    [
      'check with warnings, no text',
      { status: 'warning', failureKind: null, kind: 'check', exitCode: 3, error: null },
      'Check db1/nightly finished with warnings (exit status 3)',
    ],
    [
      'no exit code',
      { status: 'warning', failureKind: null, exitCode: null, error: null },
      'Backup db1/nightly finished with warnings',
    ],
    ['succeeded: resolve', { status: 'succeeded', failureKind: null }, null],
    ['failed: resolve (job.failed covers it)', {}, null],
  ])('%s', (_name, patch, summary) => {
    const out = warningAlert(job, { ...run, ...patch })
    expect(out?.summary ?? null).toBe(summary)
    if (out) {
      expect(out.severity).toBe('warning')
      expect(out.details).toEqual({
        run_id: 42,
        exit_code: patch.exitCode,
        kind: patch.kind ?? 'backup',
        finished_at: '2026-05-04T02:10:00Z',
      })
    }
  })
})

describe('escalateForStale', () => {
  const base: AlertSpec = {
    severity: 'warning',
    summary: 'Backup of db1/nightly could not run',
    details: { a: 1 },
  }
  it.each<[Severity, Severity, string]>([
    ['warning', 'critical', `Backup of db1/nightly could not run${STALE_SUFFIX}`],
    ['info', 'critical', `Backup of db1/nightly could not run${STALE_SUFFIX}`],
    ['critical', 'critical', 'Backup of db1/nightly could not run'],
  ])('%s → %s', (from, to, summary) => {
    const out = escalateForStale({ ...base, severity: from })
    expect(out.severity).toBe(to)
    expect(out.summary).toBe(summary)
    expect(out.details.a).toBe(1)
  })

  it('is idempotent', () => {
    const once = escalateForStale(base)
    expect(escalateForStale(once)).toEqual(once)
    expect(once.summary.endsWith(" — and no successful backup within the policy's max age")).toBe(true)
    expect(once.details.escalated_for_stale).toBe(true)
  })
})
