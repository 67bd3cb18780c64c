import { describe, expect, it } from 'vitest'
import { buildDigest, digestWindow } from './digest.js'
import type { AlertView } from './notifier.js'
import type { ChannelRouting } from './routing.js'

const H = 3_600_000
const T = Date.parse('2026-11-22T10:00:00Z')

const alert = (id: number, over: Partial<AlertView> = {}): AlertView => ({
  id,
  type: 'job.failed',
  severity: 'critical',
  status: 'active',
  job: `job-${id}`,
  server: 'db1',
  environment: 'production',
  tags: [],
  summary: `Backup failed: db1/job-${id}`,
  details: {},
  opened_at: '2026-11-22T09:10:00Z',
  resolved_at: null,
  log_tail: null,
  url: '',
  ...over,
})

const routing: ChannelRouting = {
  name: 'mail',
  minSeverity: 'warning',
  match: {},
  sendResolved: true,
  mode: 'digest',
}

describe('digest', () => {
  it('covers the last whole interval, aligned', () => {
    expect(digestWindow(T + 5 * 60_000, H)).toEqual({ start: T - H, end: T })
    expect(digestWindow(T, H)).toEqual({ start: T - H, end: T })
  })

  it('lists what is still active, most severe first, and counts what opened and resolved inside the window', () => {
    const active = [
      alert(1, {
        severity: 'warning',
        type: 'job.stale',
        summary: 'No successful backup of db1/job-1 for 30 h',
      }),
      alert(2),
    ]
    const resolved = [
      alert(3, {
        status: 'resolved',
        opened_at: '2026-11-22T09:20:00Z',
        resolved_at: '2026-11-22T09:40:00Z',
      }),
      alert(4, {
        status: 'resolved',
        opened_at: '2026-11-22T09:21:00Z',
        resolved_at: '2026-11-22T09:50:00Z',
      }),
      alert(5, {
        status: 'resolved',
        opened_at: '2026-11-22T09:30:00Z',
        resolved_at: '2026-11-22T09:31:00Z',
      }),
      // opened before the window: resolved now, not "raised and resolved within the hour"
      alert(6, {
        status: 'resolved',
        opened_at: '2026-11-22T07:00:00Z',
        resolved_at: '2026-11-22T09:05:00Z',
      }),
      // below the channel's min_severity
      alert(7, {
        status: 'resolved',
        severity: 'info',
        opened_at: '2026-11-22T09:30:00Z',
        resolved_at: '2026-11-22T09:35:00Z',
      }),
    ]
    const d = buildDigest(digestWindow(T, H), active, resolved, routing)
    expect(d?.listed.map((a) => a.id)).toEqual([2, 1])
    expect(d?.counted).toBe(3)
    expect(d?.summary).toBe(
      '2 alerts are active: [CRITICAL] Backup failed: db1/job-2; [WARNING] No successful backup of db1/job-1 for 30 h. 3 alerts opened and resolved within the hour.',
    )
  })

  it('says nothing when there is nothing to say, and names a quiet window that had incidents', () => {
    expect(buildDigest(digestWindow(T, H), [], [], routing)).toBeNull()
    const resolved = [
      alert(3, {
        status: 'resolved',
        opened_at: '2026-11-22T09:20:00Z',
        resolved_at: '2026-11-22T09:40:00Z',
      }),
    ]
    expect(buildDigest(digestWindow(T, H), [], resolved, routing)?.summary).toBe(
      'No alert is active. 1 alert opened and resolved within the hour.',
    )
  })
})
