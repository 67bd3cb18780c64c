import { describe, expect, it } from 'vitest'
import { DEFAULT_POLICY, type Policy, SIZE_SAMPLES_KEPT, type SizeSample } from '../policy.js'
import { median, nextSizeFacts, sizeAnomalyAlert } from './size-anomaly.js'

const GB = 1_000_000_000
const job = { slug: 'nightly', serverName: 'db1', paused: false, createdAt: 0 }
const policy: Policy = DEFAULT_POLICY // low 0.5, high 2, minSamples 5, zeroAddedRuns 3

const same = (n: number, s: number | null, a: number | null): SizeSample[] =>
  Array.from({ length: n }, () => ({ s, a }))

describe('median', () => {
  it.each<[number[], number]>([
    [[7], 7],
    [[3, 1, 2], 2],
    [[4, 1, 3, 2], 2.5],
    [[10, 10, 1, 1000, 10], 10],
    [[5, 1], 3],
    [[-1, 1], 0],
  ])('%j → %d', (values, m) => {
    expect(median(values)).toBe(m)
  })

  it('is NaN for no values and leaves its input alone', () => {
    expect(median([])).toBeNaN()
    const v = [3, 1, 2]
    median(v)
    expect(v).toEqual([3, 1, 2])
  })
})

describe('sizeAnomalyAlert', () => {
  const base = same(5, 10 * GB, GB)
  it.each<[string, SizeSample[], SizeSample, number, Policy, string[] | null]>([
    ['normal size and increment', base, { s: 10 * GB, a: GB }, 0, policy, null],
    ['4 samples: below minSamples, no baseline', same(4, 10 * GB, GB), { s: GB, a: GB }, 0, policy, null],
    ['exactly minSamples', base, { s: GB, a: GB }, 0, policy, ['size_low']],
    [
      '5 runs but one size unknown: 4 values',
      [...same(4, 10 * GB, GB), { s: null, a: GB }],
      { s: GB, a: GB },
      0,
      policy,
      null,
    ],
    [
      'minSamples 3 from the policy',
      same(3, 10 * GB, GB),
      { s: GB, a: GB },
      0,
      { ...policy, sizeAnomaly: { ...policy.sizeAnomaly, minSamples: 3 } },
      ['size_low'],
    ],
    ['exactly low × median is fine', base, { s: 5 * GB, a: GB }, 0, policy, null],
    ['just below low × median', base, { s: 5 * GB - 1, a: GB }, 0, policy, ['size_low']],
    ['exactly high × median is fine', base, { s: 20 * GB, a: GB }, 0, policy, null],
    ['just above high × median', base, { s: 20 * GB + 1, a: GB }, 0, policy, ['size_high']],
    ['latest size unknown', base, { s: null, a: GB }, 0, policy, null],
    ['median size 0: no size check', same(5, 0, GB), { s: GB, a: GB }, 0, policy, null],
    ['a small increment is normal', base, { s: 10 * GB, a: 1 }, 0, policy, null],
    ['added exactly high × median is fine', base, { s: 10 * GB, a: 2 * GB }, 0, policy, null],
    ['added above high × median', base, { s: 10 * GB, a: 2 * GB + 1 }, 0, policy, ['added_high']],
    ['added median 0: no added check', same(5, 10 * GB, 0), { s: 10 * GB, a: 5 * GB }, 0, policy, null],
    ['added unknown before', same(5, 10 * GB, null), { s: 10 * GB, a: 5 * GB }, 0, policy, null],
    ['size and added both off', base, { s: 30 * GB, a: 9 * GB }, 0, policy, ['size_high', 'added_high']],
    [
      'nothing new 3 runs on a job that changed',
      same(2, 10 * GB, GB),
      { s: 10 * GB, a: 0 },
      3,
      policy,
      ['nothing_added'],
    ],
    ['nothing new only 2 runs', same(2, 10 * GB, GB), { s: 10 * GB, a: 0 }, 2, policy, null],
    ['nothing new, but it never changed', same(6, 10 * GB, 0), { s: 10 * GB, a: 0 }, 7, policy, null],
    ['nothing new, earlier added unknown', same(6, 10 * GB, null), { s: 10 * GB, a: 0 }, 7, policy, null],
    ['streak but the latest did not say', same(3, 10 * GB, GB), { s: 10 * GB, a: null }, 3, policy, null],
    [
      'zeroAddedRuns 5 from the policy',
      same(3, 10 * GB, GB),
      { s: 10 * GB, a: 0 },
      4,
      { ...policy, sizeAnomaly: { ...policy.sizeAnomaly, zeroAddedRuns: 5 } },
      null,
    ],
    [
      'size drop and nothing new',
      [...same(4, 10 * GB, GB), ...same(2, 10 * GB, 0)],
      { s: GB, a: 0 },
      3,
      policy,
      ['size_low', 'nothing_added'],
    ],
  ])('%s', (_name, previous, latest, streak, pol, reasons) => {
    const out = sizeAnomalyAlert(job, previous, latest, streak, pol)
    if (reasons === null) expect(out).toBeNull()
    else {
      expect(out?.severity).toBe('warning')
      expect(out?.details.reasons).toEqual(reasons)
    }
  })

  it('names the size, the ratio, the median, the sample count and the policy', () => {
    const previous = [...same(6, 3.8 * GB, null), ...same(6, 4 * GB, null)] // median 3.9 GB over 12
    const out = sizeAnomalyAlert(job, previous, { s: 1.2 * GB, a: null }, 0, policy)
    expect(out?.summary).toBe(
      'Backup size of db1/nightly is 1.2 GB, 0.31× its median of 3.9 GB over the last 12 runs (policy: 0.5–2×)',
    )
    expect(out?.details).toMatchObject({
      size_bytes: 1.2 * GB,
      size_median_bytes: 3.9 * GB,
      size_samples: 12,
      low: 0.5,
      high: 2,
    })
  })

  it('names the added bytes', () => {
    const out = sizeAnomalyAlert(job, same(12, null, 1.92 * GB), { s: null, a: 7.87 * GB }, 0, policy)
    expect(out?.summary).toBe(
      'Backup of db1/nightly added 7.9 GB, 4.1× its median of 1.9 GB over the last 12 runs (policy: at most 2×)',
    )
  })

  it('says when nothing new was backed up', () => {
    const out = sizeAnomalyAlert(job, same(4, 10 * GB, GB), { s: 10 * GB, a: 0 }, 3, policy)
    expect(out?.summary).toBe(
      'db1/nightly backed up nothing new in the last 3 runs (0 bytes added; it used to change)',
    )
    expect(out?.details).toMatchObject({ zero_added_streak: 3, zero_added_runs: 3 })
  })

  it('joins several reasons in one sentence', () => {
    const out = sizeAnomalyAlert(job, same(5, 10 * GB, GB), { s: 30 * GB, a: 9 * GB }, 0, policy)
    expect(out?.summary).toBe(
      'Backup size of db1/nightly is 30 GB, 3× its median of 10 GB over the last 5 runs (policy: 0.5–2×); ' +
        'it added 9 GB, 9× its median of 1 GB over the last 5 runs (policy: at most 2×)',
    )
  })
})

describe('nextSizeFacts', () => {
  it.each<[string, SizeSample, number, number]>([
    ['0 added: streak grows', { s: 1, a: 0 }, 2, 3],
    ['something added: streak resets', { s: 1, a: 5 }, 2, 0],
    ['added unknown: streak stays', { s: 1, a: null }, 2, 2],
    ['first zero', { s: null, a: 0 }, 0, 1],
  ])('%s', (_name, latest, streak, next) => {
    const out = nextSizeFacts([{ s: 9, a: 9 }], latest, streak)
    expect(out.zeroAddedStreak).toBe(next)
    expect(out.samples).toEqual([{ s: 9, a: 9 }, latest])
  })

  it(`keeps the last ${SIZE_SAMPLES_KEPT} samples`, () => {
    const previous = Array.from({ length: SIZE_SAMPLES_KEPT }, (_, i) => ({ s: i, a: i }))
    const out = nextSizeFacts(previous, { s: 99, a: 1 }, 0)
    expect(out.samples).toHaveLength(SIZE_SAMPLES_KEPT)
    expect(out.samples[0]).toEqual({ s: 1, a: 1 })
    expect(out.samples.at(-1)).toEqual({ s: 99, a: 1 })
    expect(previous).toHaveLength(SIZE_SAMPLES_KEPT)
  })

  it('feeds the rule: three zero runs in a row open "nothing new"', () => {
    let facts = { samples: same(5, 10 * GB, GB), zeroAddedStreak: 0 }
    const opened: boolean[] = []
    for (let i = 0; i < 3; i++) {
      const latest = { s: 10 * GB, a: 0 }
      const next = nextSizeFacts(facts.samples, latest, facts.zeroAddedStreak)
      opened.push(sizeAnomalyAlert(job, facts.samples, latest, next.zeroAddedStreak, policy) !== null)
      facts = next
    }
    expect(opened).toEqual([false, false, true])
  })
})
