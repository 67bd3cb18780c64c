import { describe, expect, it } from 'vitest'
import { offlineCause } from './missed-cause.js'

describe('offlineCause', () => {
  it.each<[string | null, string | null, string | null]>([
    [
      'db1',
      '2026-11-22T04:10:37Z',
      '; server db1 has been offline since 2026-11-22 04:10 UTC (no heartbeat), the likely cause',
    ],
    ['db1', null, null],
    [null, '2026-11-22T04:10:37Z', null],
    [null, null, null],
  ])('%s offline since %s', (server, since, cause) => {
    expect(offlineCause(server, since === null ? null : Date.parse(since))).toBe(cause)
  })

  it('appends to a missed summary as one sentence', () => {
    const summary =
      'Backup db1/nightly missed its schedule: expected by 2026-11-22T03:00:00Z (grace 1h), last ping never'
    expect(summary + offlineCause('db1', Date.parse('2026-11-22T04:10:00Z'))).toBe(
      'Backup db1/nightly missed its schedule: expected by 2026-11-22T03:00:00Z (grace 1h), last ping never; server db1 has been offline since 2026-11-22 04:10 UTC (no heartbeat), the likely cause',
    )
  })
})
