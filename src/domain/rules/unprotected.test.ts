import { describe, expect, it } from 'vitest'
import { unprotectedAlert } from './unprotected.js'

describe('unprotectedAlert', () => {
  it.each<[number, number, string | null]>([
    [0, 0, 'Server web-7 has no backup job'],
    [3, 0, 'Server web-7 has only paused backup jobs (3)'],
    [1, 0, 'Server web-7 has only paused backup jobs (1)'],
    [3, 1, null],
    [1, 1, null],
  ])('%d jobs, %d active → %s', (total, active, summary) => {
    const out = unprotectedAlert({ name: 'web-7' }, { total, active })
    expect(out?.summary ?? null).toBe(summary)
    if (out) {
      expect(out.severity).toBe('warning')
      expect(out.details).toEqual({ jobs_total: total, jobs_active: 0 })
    }
  })
})
