import { describe, expect, it } from 'vitest'
import { DEFAULT_POLICY, type Policy } from '../policy.js'
import { restoreUntestedAlert } from './restore-untested.js'

const H = 3_600_000
const D = 86_400_000
const policy: Policy = { ...DEFAULT_POLICY, restoreTestMaxAge: 35 * D, checkMaxAge: D }
const lastTest = Date.parse('2026-03-01T03:00:00Z')
const created = Date.parse('2026-01-01T00:00:00Z')
const job = {
  slug: 'db',
  serverName: 'pg1',
  paused: false,
  createdAt: created,
  lastRestoreTestAt: lastTest as number | null,
}

describe('restoreUntestedAlert', () => {
  it.each<[string, Partial<typeof job>, Policy, number, boolean, number | null]>([
    ['recent test: recheck when it turns 35 d old', {}, policy, lastTest + D, false, lastTest + 35 * D],
    ['1 ms before', {}, policy, lastTest + 35 * D - 1, false, lastTest + 35 * D],
    ['exactly at the instant', {}, policy, lastTest + 35 * D, true, null],
    [
      'no restore_test_max_age: off (check_max_age is another rule)',
      {},
      { ...policy, restoreTestMaxAge: null },
      lastTest + 99 * D,
      false,
      null,
    ],
    ['paused: off', { paused: true }, policy, lastTest + 99 * D, false, null],
    ['never tested, young job', { lastRestoreTestAt: null }, policy, created + D, false, created + 35 * D],
    ['never tested, at the instant', { lastRestoreTestAt: null }, policy, created + 35 * D, true, null],
  ])('%s', (_name, patch, pol, now, untested, recheckAt) => {
    const out = restoreUntestedAlert({ ...job, ...patch }, pol, now)
    expect(out.recheckAt).toBe(recheckAt)
    expect(out.alert?.severity ?? null).toBe(untested ? 'warning' : null)
  })

  it('says when it was last verified restorable, with the numbers in details', () => {
    const out = restoreUntestedAlert(job, policy, lastTest + 40 * D + 5 * H)
    expect(out.alert?.summary).toBe(
      'No successful restore test of pg1/db for 40 d (policy: 35 d); last verified restorable 2026-03-01 03:00 UTC',
    )
    expect(out.alert?.details).toEqual({
      restore_test_max_age_seconds: 35 * 86_400,
      age_seconds: (40 * D + 5 * H) / 1000,
      last_restore_test_at: '2026-03-01T03:00:00Z',
      created_at: '2026-01-01T00:00:00Z',
      overdue_since: '2026-04-05T03:00:00Z',
    })
  })

  it('a job never tested says so', () => {
    const out = restoreUntestedAlert({ ...job, lastRestoreTestAt: null }, policy, created + 36 * D)
    expect(out.alert?.summary).toBe(
      'pg1/db has never run a successful restore test in the 36 d since it was created (policy: 35 d)',
    )
    expect(out.alert?.details.last_restore_test_at).toBeNull()
  })
})
