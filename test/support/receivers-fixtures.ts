// Builders for channel tests: a realistic alert and notification, with overrides.
import { batchNotification } from '../../src/notify/batch.js'
import type { AlertView, Notification } from '../../src/notify/notifier.js'

export function anAlert(overrides: Partial<AlertView> = {}): AlertView {
  return {
    id: 42,
    type: 'job.failed',
    severity: 'critical',
    status: 'active',
    job: 'nightly',
    server: 'prod-sql-01',
    environment: 'production',
    tags: ['db', 'sql'],
    summary: 'borgmatic exited with code 2',
    details: { exit_code: 2, run_id: 7 },
    opened_at: '2026-01-31T02:03:04.000Z',
    resolved_at: null,
    log_tail: 'Creating archive\nError: Connection closed by remote host',
    url: 'https://backwatch.example/api/v1/alerts/42',
    ...overrides,
  }
}

export function aNotification(
  overrides: Partial<Omit<Notification, 'alert'>> & { alert?: Partial<AlertView> } = {},
): Notification {
  const { alert, ...rest } = overrides
  const transition = rest.transition ?? 'opened'
  const resolved = transition === 'resolved'
  return {
    transition,
    idempotencyKey: `alert-42-${transition}-ch-1`,
    at: '2026-01-31T02:03:05.000Z',
    ...rest,
    alert: anAlert({
      ...(resolved ? { status: 'resolved' as const, resolved_at: '2026-01-31T03:00:00.000Z' } : {}),
      ...alert,
    }),
  }
}

/** A batch of `count` notifications (alerts 1…count opened on `job-<i>`), as a rate-limited channel sends it. */
export function aBatch(count: number, alert: Partial<AlertView> = {}): Notification {
  return batchNotification(
    Array.from({ length: count }, (_, i) =>
      aNotification({
        idempotencyKey: `alert-${i + 1}-opened-ch-1`,
        alert: {
          id: i + 1,
          job: `job-${i + 1}`,
          url: `https://backwatch.example/api/v1/alerts/${i + 1}`,
          ...alert,
        },
      }),
    ),
  )
}
