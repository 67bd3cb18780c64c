import { describe, expect, it } from 'vitest'
import { DEFAULT_POLICY, type Policy } from '../policy.js'
import { staleAlert } from './stale.js'

const H = 3_600_000
const D = 86_400_000
const policy: Policy = { ...DEFAULT_POLICY, maxAge: 24 * H }
const lastSuccess = Date.parse('2026-03-10T02:04:30Z')
const created = Date.parse('2026-01-01T00:00:00Z')
const job: {
  slug: string
  serverName: string | null
  paused: boolean
  createdAt: number
  lastSuccessAt: number | null
} = {
  slug: 'nightly',
  serverName: 'prod-sql-03',
  paused: false,
  createdAt: created,
  lastSuccessAt: lastSuccess,
}

describe('staleAlert', () => {
  it.each<[string, Partial<typeof job>, Policy, number, 'stale' | 'fresh' | 'off', number | null]>([
    ['fresh: recheck at ref + maxAge', {}, policy, lastSuccess + H, 'fresh', lastSuccess + 24 * H],
    ['1 ms before the instant', {}, policy, lastSuccess + 24 * H - 1, 'fresh', lastSuccess + 24 * H],
    ['exactly at the instant', {}, policy, lastSuccess + 24 * H, 'stale', null],
    ['long after', {}, policy, lastSuccess + 40 * D, 'stale', null],
    ['no max age: off', {}, DEFAULT_POLICY, lastSuccess + 40 * D, 'off', null],
    ['paused: off', { paused: true }, policy, lastSuccess + 40 * D, 'off', null],
    [
      'never succeeded: from createdAt, fresh',
      { lastSuccessAt: null },
      policy,
      created + H,
      'fresh',
      created + 24 * H,
    ],
    [
      'never succeeded: stale at createdAt + maxAge',
      { lastSuccessAt: null },
      policy,
      created + 24 * H,
      'stale',
      null,
    ],
    [
      'a success in the future (clock skew) is fresh',
      {},
      policy,
      lastSuccess - H,
      'fresh',
      lastSuccess + 24 * H,
    ],
  ])('%s', (_name, patch, pol, now, expected, recheckAt) => {
    const out = staleAlert({ ...job, ...patch }, pol, now)
    expect(out.recheckAt).toBe(recheckAt)
    if (expected === 'stale') expect(out.alert?.severity).toBe('critical')
    else expect(out.alert).toBeNull()
    if (expected === 'off') expect(out.recheckAt).toBeNull()
  })

  it('says how long, the policy and the last success', () => {
    const out = staleAlert(job, policy, lastSuccess + 31 * H + 10 * 60_000)
    expect(out.alert?.summary).toBe(
      'No successful backup of prod-sql-03/nightly for 31 h (policy: 24 h); last success 2026-03-10 02:04 UTC',
    )
    expect(out.alert?.details).toEqual({
      max_age_seconds: 86_400,
      age_seconds: 31 * 3600 + 600,
      last_success_at: '2026-03-10T02:04:30Z',
      created_at: '2026-01-01T00:00:00Z',
      stale_since: '2026-03-11T02:04:30Z',
    })
  })

  it.each([
    [
      { serverName: 'x', slug: 'y' },
      4 * D + 3 * H,
      'No successful backup of x/y since it was created 4 d ago (policy: 24 h)',
    ],
    [
      { serverName: null, slug: 'y' },
      30 * H,
      'No successful backup of y since it was created 30 h ago (policy: 24 h)',
    ],
  ])('a job that never succeeded: %j', (patch, age, summary) => {
    const out = staleAlert({ ...job, ...patch, lastSuccessAt: null }, policy, created + age)
    expect(out.alert?.summary).toBe(summary)
    expect(out.alert?.details.last_success_at).toBeNull()
  })

  describe('durations are absolute across DST changes (Europe/Berlin)', () => {
    const berlin = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/Berlin',
      dateStyle: 'short',
      timeStyle: 'short',
    })
    it.each([
      // spring forward: 2026-03-29 02:00 CET → 03:00 CEST; the local clock shows 25 h later
      ['spring', '2026-03-28T02:30:00+01:00', '29/03/2026, 03:30'],
      // fall back: 2026-10-25 03:00 CEST → 02:00 CET; the local clock shows 23 h later
      ['autumn', '2026-10-24T12:00:00+02:00', '25/10/2026, 11:00'],
    ])('%s', (_name, success, localAtInstant) => {
      const ref = Date.parse(success)
      const instant = ref + 24 * H
      const j = { ...job, lastSuccessAt: ref }
      expect(staleAlert(j, policy, ref).recheckAt).toBe(instant)
      expect(staleAlert(j, policy, instant - 1).alert).toBeNull()
      expect(staleAlert(j, policy, instant).alert?.severity).toBe('critical')
      expect(berlin.format(instant)).toBe(localAtInstant)
      expect(staleAlert(j, policy, instant).alert?.summary).toContain('for 24 h (policy: 24 h)')
    })
  })
})
