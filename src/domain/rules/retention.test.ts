import { describe, expect, it } from 'vitest'
import { DEFAULT_POLICY, type Policy, type RetentionFacts } from '../policy.js'
import type { Retention } from '../types.js'
import { declaredRetention, retentionAlert, retentionFactsOf } from './retention.js'

const D = 86_400_000
const now = Date.parse('2026-06-15T12:00:00Z')
const policy: Policy = {
  ...DEFAULT_POLICY,
  retention: { minHistory: 30 * D, minDaily: 7, minWeekly: 4, minMonthly: 6 },
}
const oldJob = { slug: 'nightly', serverName: 'db1', paused: false, createdAt: now - 400 * D }
const good: Retention = { keep_within: '2d', keep_daily: 7, keep_weekly: 4, keep_monthly: 6, keep_yearly: 1 }
const goodFacts: RetentionFacts = {
  reportedAt: now,
  count: 30,
  oldestAt: now - 200 * D,
  newestAt: now - D,
  days: 20,
  weeks: 10,
  months: 7,
}

describe('declaredRetention', () => {
  it.each<[Retention, number | null, number, number, number]>([
    [good, 365 * D, 7, 4, 6],
    [{ keep_within: 2 * D }, 2 * D, 2, 0, 0],
    [{ keep_within: '2d' }, 2 * D, 2, 0, 0],
    [{ keep_within: '45d' }, 45 * D, 45, 6, 1],
    [{ keep_daily: 7 }, 7 * D, 7, 0, 0],
    [{ keep_weekly: 4 }, 28 * D, 0, 4, 0],
    [{ keep_monthly: 6 }, 180 * D, 0, 0, 6],
    [{ keep_yearly: 2 }, 730 * D, 0, 0, 0],
    [{ full_days: 30, incremental_days: 7 }, 30 * D, 30, 4, 1],
    [{ keep_daily: '14' }, 14 * D, 14, 0, 0],
    [{ keep_within: 'soon' }, null, 0, 0, 0],
    [{}, null, 0, 0, 0],
  ])('%j', (r, history, daily, weekly, monthly) => {
    expect(declaredRetention(r)).toEqual({ historyMs: history, daily, weekly, monthly })
  })
})

describe('retentionAlert', () => {
  type Case = [
    string,
    Retention | null,
    RetentionFacts | null,
    Partial<typeof oldJob>,
    Policy,
    string[] | null,
  ]
  it.each<Case>([
    ['compliant declared retention and facts', good, goodFacts, {}, policy, null],
    ['no declared retention, no facts', null, null, {}, policy, null],
    ['an empty retention is not declared', {}, null, {}, policy, null],
    ['no minimums in the policy', { keep_daily: 1 }, { ...goodFacts, days: 1 }, {}, DEFAULT_POLICY, null],
    [
      'declared history too short',
      { keep_daily: 7, keep_weekly: 4 },
      null,
      {},
      { ...policy, retention: { ...policy.retention, minMonthly: null } },
      ['declared_history'],
    ],
    [
      'declared history exactly the minimum',
      { keep_within: '30d' },
      null,
      {},
      { ...policy, retention: { ...policy.retention, minWeekly: null, minMonthly: null } },
      null,
    ],
    [
      'declared history 1 s short',
      { keep_within: 30 * D - 1000 },
      null,
      {},
      { ...policy, retention: { ...policy.retention, minWeekly: null, minMonthly: null } },
      ['declared_history'],
    ],
    ['too few weekly', { ...good, keep_weekly: 3 }, null, {}, policy, ['declared_weekly']],
    ['daily missing altogether', { keep_weekly: 4, keep_monthly: 6 }, null, {}, policy, ['declared_daily']],
    [
      'keep_within covers the dailies',
      { keep_within: '7d', keep_weekly: 4, keep_monthly: 6 },
      null,
      {},
      policy,
      null,
    ],
    [
      'oldest snapshot too young',
      null,
      { ...goodFacts, oldestAt: now - 12 * D },
      {},
      policy,
      ['snapshot_history'],
    ],
    ['oldest snapshot exactly the minimum', null, { ...goodFacts, oldestAt: now - 30 * D }, {}, policy, null],
    [
      'young job: short history and few weeks/months not flagged',
      null,
      { ...goodFacts, oldestAt: now - 12 * D, days: 12, weeks: 2, months: 1 },
      { createdAt: now - 12 * D },
      policy,
      null,
    ],
    [
      'job exactly min_history old',
      null,
      { ...goodFacts, oldestAt: now - 12 * D },
      { createdAt: now - 30 * D },
      policy,
      ['snapshot_history'],
    ],
    ['too few days, old enough for that', null, { ...goodFacts, days: 3 }, {}, policy, ['snapshot_daily']],
    [
      'too few days, job 6 d old',
      null,
      { ...goodFacts, days: 3, oldestAt: now - 6 * D },
      { createdAt: now - 6 * D },
      policy,
      null,
    ],
    [
      'too few days, job 7 d old',
      null,
      { ...goodFacts, days: 3, oldestAt: now - 7 * D },
      { createdAt: now - 7 * D },
      { ...policy, retention: { ...policy.retention, minHistory: null } },
      ['snapshot_daily'],
    ],
    [
      'too few weeks and months',
      null,
      { ...goodFacts, weeks: 3, months: 5 },
      {},
      policy,
      ['snapshot_weekly', 'snapshot_monthly'],
    ],
    [
      'months guard: job 179 d old',
      null,
      { ...goodFacts, months: 5 },
      { createdAt: now - 179 * D },
      policy,
      null,
    ],
    [
      'months guard: job 180 d old',
      null,
      { ...goodFacts, months: 5 },
      { createdAt: now - 180 * D },
      policy,
      ['snapshot_monthly'],
    ],
    [
      'no snapshots at all',
      null,
      { ...goodFacts, count: 0, oldestAt: null, newestAt: null, days: 0, weeks: 0, months: 0 },
      {},
      policy,
      ['no_snapshots'],
    ],
    [
      'declared and reported',
      { keep_daily: 7, keep_weekly: 4, keep_monthly: 6 },
      { ...goodFacts, oldestAt: now - 12 * D },
      {},
      { ...policy, retention: { ...policy.retention, minHistory: 400 * D } },
      ['declared_history', 'snapshot_history'],
    ],
    [
      'paused jobs are still checked',
      { ...good, keep_weekly: 3 },
      null,
      { paused: true },
      policy,
      ['declared_weekly'],
    ],
  ])('%s', (_name, retention, retentionFacts, patch, pol, violations) => {
    const out = retentionAlert({ ...oldJob, ...patch, retention, retentionFacts }, pol, now)
    if (violations === null) expect(out).toBeNull()
    else {
      expect(out?.severity).toBe('warning')
      expect(out?.details.violations).toEqual(violations)
    }
  })

  it.each<[string, Retention | null, RetentionFacts | null, Policy, string]>([
    [
      'declared',
      { keep_daily: 7, keep_weekly: 4, keep_monthly: 0 },
      null,
      { ...policy, retention: { minHistory: 30 * D, minDaily: 7, minWeekly: 6, minMonthly: null } },
      'Retention of db1/nightly keeps 28 d of history, the policy requires 30 d; keeps 4 weekly (policy: 6)',
    ],
    [
      'declared, dailies only',
      { keep_daily: 7 },
      null,
      { ...policy, retention: { minHistory: 30 * D, minDaily: 7, minWeekly: 4, minMonthly: null } },
      'Retention of db1/nightly keeps 7 d of history, the policy requires 30 d; keeps 0 weekly (policy: 4)',
    ],
    [
      'reported',
      null,
      { ...goodFacts, oldestAt: now - 12 * D - 3_600_000 },
      policy,
      "db1/nightly's oldest snapshot is 12 d old, the policy requires 30 d of history",
    ],
    [
      'reported counts',
      null,
      { ...goodFacts, days: 1, weeks: 3 },
      policy,
      "db1/nightly's snapshots cover 1 day (policy: 7 daily); snapshots cover 3 weeks (policy: 4 weekly)",
    ],
    [
      'no snapshots',
      null,
      { ...goodFacts, count: 0, oldestAt: null, newestAt: null, days: 0, weeks: 0, months: 0 },
      policy,
      'db1/nightly has no snapshots, the policy requires 30 d of history, 7 daily, 4 weekly, 6 monthly',
    ],
    [
      'both',
      { keep_within: '2d' },
      { ...goodFacts, oldestAt: now - 12 * D },
      { ...policy, retention: { ...policy.retention, minDaily: null, minWeekly: null, minMonthly: null } },
      "Retention of db1/nightly keeps 48 h of history, the policy requires 30 d; db1/nightly's oldest snapshot is 12 d old, the policy requires 30 d of history",
    ],
  ])('summary: %s', (_name, retention, retentionFacts, pol, summary) => {
    expect(retentionAlert({ ...oldJob, retention, retentionFacts }, pol, now)?.summary).toBe(summary)
  })

  it('carries machine-readable numbers', () => {
    const out = retentionAlert(
      { ...oldJob, retention: { keep_daily: 7 }, retentionFacts: { ...goodFacts, oldestAt: now - 12 * D } },
      policy,
      now,
    )
    expect(out?.details).toEqual({
      violations: ['declared_history', 'declared_weekly', 'declared_monthly', 'snapshot_history'],
      min_history_seconds: 30 * 86_400,
      min_daily: 7,
      min_weekly: 4,
      min_monthly: 6,
      declared: { history_seconds: 7 * 86_400, daily: 7, weekly: 0, monthly: 0 },
      snapshots: {
        count: 30,
        oldest_at: '2026-06-03T12:00:00Z',
        newest_at: '2026-06-14T12:00:00Z',
        days: 20,
        weeks: 10,
        months: 7,
        reported_at: '2026-06-15T12:00:00Z',
      },
    })
  })
})

describe('retentionFactsOf', () => {
  const t = (s: string) => Date.parse(s)
  it.each<[string, string[], Omit<RetentionFacts, 'reportedAt'>]>([
    ['none', [], { count: 0, oldestAt: null, newestAt: null, days: 0, weeks: 0, months: 0 }],
    [
      'two on one UTC day',
      ['2026-06-01T00:00:00Z', '2026-06-01T23:59:59Z'],
      {
        count: 2,
        oldestAt: t('2026-06-01T00:00:00Z'),
        newestAt: t('2026-06-01T23:59:59Z'),
        days: 1,
        weeks: 1,
        months: 1,
      },
    ],
    [
      'Sunday and Monday: two ISO weeks',
      ['2026-06-07T12:00:00Z', '2026-06-08T12:00:00Z'],
      {
        count: 2,
        oldestAt: t('2026-06-07T12:00:00Z'),
        newestAt: t('2026-06-08T12:00:00Z'),
        days: 2,
        weeks: 2,
        months: 1,
      },
    ],
    [
      'Monday to Sunday: one ISO week',
      ['2026-06-08T00:00:00Z', '2026-06-10T00:00:00Z', '2026-06-14T23:00:00Z'],
      {
        count: 3,
        oldestAt: t('2026-06-08T00:00:00Z'),
        newestAt: t('2026-06-14T23:00:00Z'),
        days: 3,
        weeks: 1,
        months: 1,
      },
    ],
    [
      'across a year end: ISO week 1 of 2027 starts on Mon 2027-01-04',
      ['2026-12-31T10:00:00Z', '2027-01-03T10:00:00Z', '2027-01-04T10:00:00Z'],
      {
        count: 3,
        oldestAt: t('2026-12-31T10:00:00Z'),
        newestAt: t('2027-01-04T10:00:00Z'),
        days: 3,
        weeks: 2,
        months: 2,
      },
    ],
    [
      'unsorted, with duplicates',
      ['2026-05-02T00:00:00Z', '2026-03-01T00:00:00Z', '2026-05-02T00:00:00Z'],
      {
        count: 3,
        oldestAt: t('2026-03-01T00:00:00Z'),
        newestAt: t('2026-05-02T00:00:00Z'),
        days: 2,
        weeks: 2,
        months: 2,
      },
    ],
    [
      'UTC days, not local ones',
      ['2026-06-01T23:30:00+02:00', '2026-06-02T00:30:00+02:00'],
      {
        count: 2,
        oldestAt: t('2026-06-01T21:30:00Z'),
        newestAt: t('2026-06-01T22:30:00Z'),
        days: 1,
        weeks: 1,
        months: 1,
      },
    ],
  ])('%s', (_name, times, facts) => {
    expect(retentionFactsOf(times.map(t), now)).toEqual({ reportedAt: now, ...facts })
  })

  it('ignores times that are not numbers', () => {
    expect(retentionFactsOf([Number.NaN, now], now).count).toBe(1)
  })
})
