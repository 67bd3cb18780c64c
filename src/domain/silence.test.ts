import { describe, expect, it } from 'vitest'
import type { AlertView } from '../notify/notifier.js'
import {
  describeSilence,
  type SilenceMatchers,
  type SilenceRecord,
  silenceMatches,
  silenceState,
  silencing,
} from './silence.js'

const alert: AlertView = {
  id: 7,
  type: 'job.failed',
  severity: 'critical',
  status: 'active',
  job: 'nas-nightly',
  server: 'nas',
  environment: 'production',
  tags: ['db', 'eu'],
  summary: 'Backup failed',
  details: {},
  opened_at: '2026-11-22T09:00:00Z',
  resolved_at: null,
  log_tail: null,
  url: 'http://x/api/v1/alerts/7',
}

const T = Date.parse('2026-11-22T10:00:00Z')
const H = 3_600_000

function silence(over: Partial<SilenceRecord> = {}): SilenceRecord {
  return {
    id: 1,
    projectId: 1,
    name: null,
    match: { servers: ['nas'] },
    startsAt: T - H,
    endsAt: T + H,
    author: null,
    comment: null,
    source: 'api',
    createdAt: T - H,
    updatedAt: T - H,
    releasedAt: null,
    ...over,
  }
}

describe('silenceMatches', () => {
  const cases: [string, SilenceMatchers, boolean][] = [
    ['server listed', { servers: ['nas', 'db1'] }, true],
    ['server not listed', { servers: ['db1'] }, false],
    ['job listed', { jobs: ['nas-nightly'] }, true],
    ['job not listed', { jobs: ['other'] }, false],
    ['environment', { environment: ['production'] }, true],
    ['other environment', { environment: ['staging'] }, false],
    ['any tag', { tags: ['eu', 'us'] }, true],
    ['no tag', { tags: ['us'] }, false],
    ['type', { types: ['job.failed', 'job.stale'] }, true],
    ['other type', { types: ['server.offline'] }, false],
    ['all lists must match', { servers: ['nas'], types: ['job.stale'] }, false],
    ['all lists match', { servers: ['nas'], types: ['job.failed'], tags: ['db'] }, true],
    ['no matcher never matches', {}, false],
  ]
  it.each(cases)('%s', (_name, match, expected) => {
    expect(silenceMatches(alert, match)).toBe(expected)
  })

  it('an alert without a server or environment is not matched by those lists', () => {
    const bare = { ...alert, server: null, environment: null, job: null }
    expect(silenceMatches(bare, { servers: ['nas'] })).toBe(false)
    expect(silenceMatches(bare, { environment: ['production'] })).toBe(false)
    expect(silenceMatches(bare, { jobs: ['nas-nightly'] })).toBe(false)
  })
})

describe('silenceState', () => {
  it('is pending before the start, active from the start, expired from the end (exact instants)', () => {
    const s = { startsAt: T, endsAt: T + H }
    expect(silenceState(s, T - 1)).toBe('pending')
    expect(silenceState(s, T)).toBe('active')
    expect(silenceState(s, T + H - 1)).toBe('active')
    expect(silenceState(s, T + H)).toBe('expired')
  })
})

describe('silencing', () => {
  it('picks the matching silence in force that ends last', () => {
    const short = silence({ id: 1, endsAt: T + H })
    const long = silence({ id: 2, endsAt: T + 3 * H })
    const other = silence({ id: 3, endsAt: T + 9 * H, match: { servers: ['db1'] } })
    const future = silence({ id: 4, startsAt: T + H, endsAt: T + 9 * H })
    expect(silencing(alert, [short, long, other, future], T)?.id).toBe(2)
    expect(silencing(alert, [other, future], T)).toBeNull()
    expect(silencing(alert, [short], T + H)).toBeNull()
  })
})

describe('describeSilence', () => {
  it('names the silence, its author, comment and end', () => {
    expect(describeSilence(silence({ name: 'nas-maintenance', author: 'alice', comment: 'disk swap' }))).toBe(
      'silenced by silence "nas-maintenance" (alice: disk swap) until 2026-11-22T11:00:00Z',
    )
    expect(describeSilence(silence({ id: 12 }))).toBe('silenced by silence 12 until 2026-11-22T11:00:00Z')
  })
})
