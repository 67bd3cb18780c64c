import { describe, expect, it } from 'vitest'
import { DEFAULT_POLICY, type Policy } from '../policy.js'
import { checkOverdueAlert } from './check-overdue.js'

const H = 3_600_000
const D = 86_400_000
const policy: Policy = { ...DEFAULT_POLICY, checkMaxAge: 8 * D, maxAge: 24 * H }
const lastCheck = Date.parse('2026-03-01T03:00:00Z')
const created = Date.parse('2026-02-01T00:00:00Z')
const job: {
  slug: string
  serverName: string | null
  paused: boolean
  createdAt: number
  lastCheckAt: number | null
} = {
  slug: 'b',
  serverName: 'a',
  paused: false,
  createdAt: created,
  lastCheckAt: lastCheck,
}

describe('checkOverdueAlert', () => {
  it.each<[string, Partial<typeof job>, Policy, number, 'overdue' | 'ok' | 'off', number | null]>([
    ['recent check: recheck at ref + checkMaxAge', {}, policy, lastCheck + D, 'ok', lastCheck + 8 * D],
    ['1 ms before', {}, policy, lastCheck + 8 * D - 1, 'ok', lastCheck + 8 * D],
    ['exactly at the instant', {}, policy, lastCheck + 8 * D, 'overdue', null],
    ['no check max age: off', {}, { ...policy, checkMaxAge: null }, lastCheck + 80 * D, 'off', null],
    ['paused: off', { paused: true }, policy, lastCheck + 80 * D, 'off', null],
    ['never checked, young job', { lastCheckAt: null }, policy, created + D, 'ok', created + 8 * D],
    ['never checked, at the instant', { lastCheckAt: null }, policy, created + 8 * D, 'overdue', null],
  ])('%s', (_name, patch, pol, now, expected, recheckAt) => {
    const out = checkOverdueAlert({ ...job, ...patch }, pol, now)
    expect(out.recheckAt).toBe(recheckAt)
    if (expected === 'overdue') expect(out.alert?.severity).toBe('warning')
    else expect(out.alert).toBeNull()
  })

  it.each([
    [
      { lastCheckAt: lastCheck },
      lastCheck + 9 * D + 5 * H,
      'No successful consistency check of a/b for 9 d (policy: 8 d); last check 2026-03-01 03:00 UTC',
    ],
    [
      { lastCheckAt: null },
      created + 9 * D,
      'a/b has never run a successful consistency check in the 9 d since it was created (policy: 8 d)',
    ],
  ])('summary %#', (patch, now, summary) => {
    const out = checkOverdueAlert({ ...job, ...patch }, policy, now)
    expect(out.alert?.summary).toBe(summary)
    expect(out.alert?.details.check_max_age_seconds).toBe(8 * 86_400)
  })
})
