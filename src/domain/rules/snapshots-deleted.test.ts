import { describe, expect, it } from 'vitest'
import type { RetentionFacts } from '../policy.js'
import type { Retention } from '../types.js'
import { snapshotsDeletedAlert, snapshotsRecovered } from './snapshots-deleted.js'

const D = 86_400_000
const now = Date.parse('2026-06-01T06:00:00Z')
const job = (retention: Retention | null, succeeded = 10) => ({
  slug: 'nightly',
  serverName: 'db1',
  paused: false,
  createdAt: now - 400 * D,
  retention,
  runCounts: { succeeded, warning: 0, failed: 0 },
})
const facts = (
  count: number,
  days: number,
  weeks: number,
  months: number,
  reportedAt = now,
): RetentionFacts => ({
  reportedAt,
  count,
  oldestAt: count === 0 ? null : now - days * D,
  newestAt: count === 0 ? null : now,
  days,
  weeks,
  months,
})
const KEEP = { keep_daily: 7, keep_weekly: 4, keep_monthly: 6 }
// a steady state under KEEP: 7 days, 4 weeks, 6 months with a snapshot (overlapping: 14 snapshots)
const steady = facts(14, 7, 5, 6, now - D)

describe('snapshotsDeletedAlert', () => {
  it.each<[string, Retention | null, RetentionFacts, RetentionFacts, boolean]>([
    [
      'a prune under the declared retention: same shape, new snapshot',
      KEEP,
      steady,
      facts(14, 7, 5, 6),
      false,
    ],
    [
      'a first prune that drops many extra snapshots of the same days',
      KEEP,
      facts(60, 7, 5, 6, now - D),
      facts(14, 7, 5, 6),
      false,
    ],
    ['a young repository growing', KEEP, facts(3, 3, 1, 1, now - D), facts(4, 4, 1, 1), false],
    ['daily snapshots gone beyond keep_daily', KEEP, steady, facts(9, 2, 4, 6), true],
    ['monthly ones gone beyond keep_monthly', KEEP, steady, facts(10, 7, 4, 3), true],
    ['a retention of strings as stored ("7")', { keep_daily: '7' }, steady, facts(3, 3, 2, 1), true],
    ['every snapshot gone', KEEP, steady, facts(0, 0, 0, 0), true],
    ['every snapshot gone, no retention declared', null, facts(1, 1, 1, 1, now - D), facts(0, 0, 0, 0), true],
    [
      'no retention declared: a few fewer is a prune',
      null,
      facts(30, 30, 5, 2, now - D),
      facts(20, 20, 3, 1),
      false,
    ],
    [
      'no retention declared: half of them gone',
      null,
      facts(30, 30, 5, 2, now - D),
      facts(15, 15, 3, 1),
      true,
    ],
    [
      'no retention declared: 2 → 1 is one snapshot',
      null,
      facts(2, 2, 1, 1, now - D),
      facts(1, 1, 1, 1),
      false,
    ],
    [
      'keep_within only: no count bound, half gone counts',
      { keep_within: '30d' },
      facts(30, 30, 5, 2, now - D),
      facts(10, 10, 2, 1),
      true,
    ],
  ])('%s', (_name, retention, before, after, deleted) => {
    const alert = snapshotsDeletedAlert(job(retention), before, after, now)
    expect(alert?.severity ?? null).toBe(deleted ? 'critical' : null)
  })

  it('names how many disappeared and why', () => {
    const alert = snapshotsDeletedAlert(job(KEEP), steady, facts(9, 2, 4, 6), now)!
    expect(alert.summary).toBe(
      'At least 5 snapshots of db1/nightly disappeared (14 → 9); 2 days with a snapshot, daily retention keeps 7 (7 declared)',
    )
    expect(alert.details).toMatchObject({ snapshots_before: 14, snapshots: 9, disappeared: 5 })
  })

  it('an empty repository says so', () => {
    expect(snapshotsDeletedAlert(job(KEEP), steady, facts(0, 0, 0, 0), now)?.summary).toBe(
      'The repository of db1/nightly is empty: all 14 snapshots disappeared',
    )
  })

  it('a first list that is empty counts only for a job that has backed up', () => {
    expect(snapshotsDeletedAlert(job(KEEP, 3), null, facts(0, 0, 0, 0), now)?.summary).toBe(
      'The repository of db1/nightly is empty: its snapshot list has no snapshot although 3 backups succeeded',
    )
    expect(snapshotsDeletedAlert(job(KEEP, 0), null, facts(0, 0, 0, 0), now)).toBeNull()
    expect(snapshotsDeletedAlert(job(KEEP, 3), null, facts(5, 5, 1, 1), now)).toBeNull()
  })
})

describe('snapshotsRecovered', () => {
  it('once a list is back to the count before the loss (or non-empty after an empty first list)', () => {
    expect(snapshotsRecovered({ snapshots_before: 14 }, facts(13, 7, 4, 6))).toBe(false)
    expect(snapshotsRecovered({ snapshots_before: 14 }, facts(14, 7, 4, 6))).toBe(true)
    expect(snapshotsRecovered({ snapshots_before: null }, facts(1, 1, 1, 1))).toBe(true)
    expect(snapshotsRecovered({ snapshots_before: null }, facts(0, 0, 0, 0))).toBe(false)
  })
})
