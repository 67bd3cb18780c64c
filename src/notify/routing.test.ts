import { describe, expect, it } from 'vitest'
import type { AlertView, Transition } from './notifier.js'
import { type ChannelRouting, routeTransition } from './routing.js'

const alert = (over: Partial<AlertView> = {}): AlertView => ({
  id: 1,
  type: 'job.failed',
  severity: 'critical',
  status: 'active',
  job: 'nightly',
  server: 'db1',
  environment: 'production',
  tags: ['db', 'eu'],
  summary: 'Backup failed: db1/nightly',
  details: {},
  opened_at: '2026-11-22T04:10:00Z',
  resolved_at: null,
  log_tail: null,
  url: 'http://127.0.0.1/api/v1/alerts/1',
  ...over,
})

const channel = (over: Partial<ChannelRouting> = {}): ChannelRouting => ({
  name: 'c',
  minSeverity: 'info',
  match: {},
  sendResolved: true,
  mode: 'immediate',
  ...over,
})

const cases: [string, Partial<AlertView>, Transition, Partial<ChannelRouting>, boolean][] = [
  ['everything goes to a channel without conditions', {}, 'opened', {}, true],
  ['below min_severity', { severity: 'warning' }, 'opened', { minSeverity: 'critical' }, false],
  ['at min_severity', { severity: 'warning' }, 'opened', { minSeverity: 'warning' }, true],
  ['info below warning', { severity: 'info' }, 'opened', { minSeverity: 'warning' }, false],
  ['environment listed', {}, 'opened', { match: { environment: ['production'] } }, true],
  [
    'environment not listed',
    { environment: 'staging' },
    'opened',
    { match: { environment: ['production'] } },
    false,
  ],
  [
    'no environment vs a list',
    { environment: null },
    'opened',
    { match: { environment: ['production'] } },
    false,
  ],
  ['any tag matches', {}, 'opened', { match: { tags: ['web', 'db'] } }, true],
  ['no tag matches', {}, 'opened', { match: { tags: ['web'] } }, false],
  ['type listed', {}, 'opened', { match: { types: ['job.failed', 'job.stale'] } }, true],
  ['type not listed', { type: 'job.missed' }, 'opened', { match: { types: ['job.failed'] } }, false],
  ['server listed', {}, 'opened', { match: { servers: ['db1'] } }, true],
  [
    'server alert without job',
    { job: null, server: 'nas', type: 'server.offline' },
    'opened',
    { match: { servers: ['db1'] } },
    false,
  ],
  [
    'all matchers must hold',
    {},
    'opened',
    { match: { environment: ['production'], types: ['job.stale'] } },
    false,
  ],
  ['resolved with send_resolved', {}, 'resolved', {}, true],
  ['resolved without send_resolved', {}, 'resolved', { sendResolved: false }, false],
  ['repeat of a still active alert', {}, 'repeat', { sendResolved: false }, true],
  ['digest channels get no immediate messages', {}, 'opened', { mode: 'digest' }, false],
  ['a test message is never routed', {}, 'test', {}, false],
]

describe('routeTransition', () => {
  it.each(cases)('%s', (_name, a, transition, c, routed) => {
    const ch = channel(c)
    expect(routeTransition(alert(a), transition, [ch])).toEqual(routed ? [ch] : [])
  })
})
