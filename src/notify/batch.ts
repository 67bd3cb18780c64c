// Several notifications for one rate-limited channel as one message (transition `batch`): instead
// of one message per second, whatever waits is listed in one, at most BATCH_MAX per message.
// Pure: the dispatcher decides when to batch; channels render it like any notification.
import { createHash } from 'node:crypto'
import type { AlertView, Notification } from './notifier.js'

/** Items per batch message; the rest go in the next one. */
export const BATCH_MAX = 25

/** What a batch keeps of each notification (no log tails: 25 of them would not fit anywhere). */
export interface BatchItem {
  transition: Notification['transition']
  idempotency_key: string
  at: string
  alert: Pick<
    AlertView,
    | 'id'
    | 'type'
    | 'severity'
    | 'status'
    | 'job'
    | 'server'
    | 'environment'
    | 'summary'
    | 'opened_at'
    | 'resolved_at'
    | 'url'
  >
}

const RANK = { critical: 0, warning: 1, info: 2 } as const

function isOpen(n: Notification): boolean {
  return n.transition !== 'resolved' && n.alert.status !== 'resolved'
}

/** `items` in row order (at least one). The key is stable for the same items (a retry resends it). */
export function batchNotification(items: Notification[]): Notification {
  const first = items[0]
  if (!first) throw new RangeError('a batch needs at least one notification')
  const open = items.filter(isOpen)
  const severity = open.map((n) => n.alert.severity).sort((a, b) => RANK[a] - RANK[b])[0] ?? 'info'
  const hash = createHash('sha256')
    .update(items.map((n) => n.idempotencyKey).join('\n'))
    .digest('hex')
  const details: { items: BatchItem[] } = {
    items: items.map((n) => ({
      transition: n.transition,
      idempotency_key: n.idempotencyKey,
      at: n.at,
      alert: {
        id: n.alert.id,
        type: n.alert.type,
        severity: n.alert.severity,
        status: n.alert.status,
        job: n.alert.job,
        server: n.alert.server,
        environment: n.alert.environment,
        summary: n.alert.summary,
        opened_at: n.alert.opened_at,
        resolved_at: n.alert.resolved_at,
        url: n.alert.url,
      },
    })),
  }
  return {
    transition: 'batch',
    idempotencyKey: `backwatch-batch-${hash.slice(0, 32)}`,
    at: items[items.length - 1]!.at,
    alert: {
      id: first.alert.id,
      type: 'batch',
      severity,
      status: open.length > 0 ? 'active' : 'resolved',
      job: null,
      server: null,
      environment: null,
      tags: [],
      summary: `${items.length} backup notification${items.length === 1 ? '' : 's'}`,
      details,
      opened_at: first.at,
      resolved_at: null,
      log_tail: null,
      // the alert list: the batch is about several alerts
      url: first.alert.url.replace(/\/\d+$/, ''),
    },
  }
}

/** The notifications a batch lists (empty for any other notification). */
export function batchItems(n: Notification): Notification[] {
  if (n.transition !== 'batch') return []
  const items = (n.alert.details as { items?: unknown }).items
  if (!Array.isArray(items)) return []
  return (items as BatchItem[]).map((i) => ({
    transition: i.transition,
    idempotencyKey: i.idempotency_key,
    at: i.at,
    alert: { ...i.alert, tags: [], details: {}, log_tail: null },
  }))
}

/** Splits `items` (row order) into messages of at most BATCH_MAX. */
export function chunk<T>(items: T[], size = BATCH_MAX): T[][] {
  const out: T[][] = []
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size))
  return out
}
