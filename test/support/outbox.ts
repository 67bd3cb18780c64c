// Builders for dispatcher tests: a real alert in the store and outbox rows about it.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { defaultJob } from '../../src/app/jobs/job-defaults.js'
import type { AlertView, Transition } from '../../src/notify/notifier.js'
import { newDelivery, notificationFor } from '../../src/notify/outbox/new-delivery.js'
import { openStore } from '../../src/store/open-store.js'
import type { AlertStore } from '../../src/store/roles/alert-store.js'
import type { JobStore } from '../../src/store/roles/job-store.js'
import type { OutboxStore } from '../../src/store/roles/outbox-store.js'
import type { Store } from '../../src/store/store.js'

export const T0 = 1_700_000_000_000

/** The alert as the outbox row carries it: its job is `job-<id>` so messages tell alerts apart. */
export function alertView(id: number, overrides: Partial<AlertView> = {}): AlertView {
  return {
    id,
    type: 'job.failed',
    severity: 'critical',
    status: 'active',
    job: `job-${id}`,
    server: 'prod-sql-01',
    environment: 'prod',
    tags: [],
    summary: 'exit 2',
    details: {},
    opened_at: new Date(T0).toISOString(),
    resolved_at: null,
    log_tail: null,
    url: `http://127.0.0.1/api/v1/alerts/${id}`,
    ...overrides,
  }
}

let seq = 0
/** Opens an alert (on a new job) and returns its id. */
export async function openTestAlert(
  store: JobStore & AlertStore,
  severity: AlertView['severity'] = 'critical',
): Promise<number> {
  seq++
  const job = await store.createJob(
    { ...defaultJob(`outbox-test-${seq}`), name: `Job ${seq}`, tool: 'restic' },
    T0,
  )
  const alert = await store.openAlert(
    {
      projectId: job.projectId,
      type: 'job.failed',
      severity,
      jobId: job.id,
      serverId: null,
      summary: 'failed',
      details: {},
    },
    T0,
  )
  return alert!.id
}

export async function enqueueTransition(
  store: OutboxStore,
  alertId: number,
  channel: string,
  transition: Transition = 'opened',
  at = T0,
): Promise<void> {
  await store.enqueueDeliveries(
    [newDelivery(channel, notificationFor(alertView(alertId), transition, channel, at))],
    at,
  )
}

export interface TempStore {
  store: Store
  close(): Promise<void>
}

/** A SQLite store in a fresh directory; `close()` removes it. */
export async function tempSqliteStore(): Promise<TempStore> {
  const dir = mkdtempSync(join(tmpdir(), 'backwatch-outbox-'))
  const store = (await openStore({ kind: 'sqlite', path: join(dir, 'backwatch.db') })).inProject(1)
  return {
    store,
    close: async () => {
      await store.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
