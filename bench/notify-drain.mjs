// The dispatcher alone: 1 000 deliveries already in the outbox (written in one transaction, as if
// 1 000 alerts had opened at once), drained to the webhook sink by the real Dispatcher and
// webhook notifier on a real SQLite file. Unlike the end-to-end burst, no run reports compete for
// the SQLite writer, so this is the outbox's own rate. Prints numbers, asserts nothing.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { startSink } from './notify.mjs'

const T0 = Date.UTC(2026, 0, 1)

export async function drainBench({ ROOT }, { count = 1000 } = {}) {
  const load = (path) => import(pathToFileURL(join(ROOT, 'dist', path)).href)
  const { openStore } = await load('store/open-store.js')
  const { Dispatcher } = await load('notify/dispatcher.js')
  const { NOTIFIERS } = await load('notify/channels/registry.js')
  const { newDelivery, notificationFor } = await load('notify/outbox/new-delivery.js')
  const { defaultJob } = await load('app/jobs/job-defaults.js')
  const { systemClock } = await load('clock.js')
  const { silentLogger } = await load('log.js')

  const sink = await startSink(ROOT)
  const dir = mkdtempSync(join(tmpdir(), 'backwatch-drain-'))
  const store = await openStore({ kind: 'sqlite', path: join(dir, 'bw.db') })
  const rows = []
  // jobs, alerts and deliveries belong to a project: the default one
  await store.inProject(1).transaction(async (tx) => {
    for (let i = 0; i < count; i++) {
      const job = await tx.createJob({ ...defaultJob(`drain-${i}`), name: `drain-${i}`, tool: 'restic' }, T0)
      const alert = await tx.openAlert(
        {
          type: 'job.failed',
          severity: 'critical',
          jobId: job.id,
          serverId: null,
          summary: 'failed',
          details: {},
        },
        T0,
      )
      const view = {
        id: alert.id,
        type: 'job.failed',
        severity: 'critical',
        status: 'active',
        job: `drain-${i}`,
        server: null,
        environment: null,
        tags: [],
        summary: 'failed',
        details: {},
        opened_at: new Date(T0).toISOString(),
        resolved_at: null,
        log_tail: null,
        url: `http://127.0.0.1/api/v1/alerts/${alert.id}`,
      }
      rows.push(newDelivery('sink', notificationFor(view, 'opened', 'sink', T0)))
    }
    await tx.enqueueDeliveries(rows, T0)
  })
  const dispatcher = new Dispatcher({
    store,
    clock: systemClock,
    log: silentLogger,
    notifiers: NOTIFIERS,
    channels: () => [{ name: 'sink', kind: 'webhook', settings: { url: `${sink.url}/hook` } }],
  })
  const started = performance.now()
  await dispatcher.kick() // passes until nothing is due
  const seconds = (performance.now() - started) / 1000
  const arrived = (await sink.arrivals()).filter(([job]) => job?.startsWith('drain-')).length
  const pending = Object.values(await store.inProject(1).pendingCounts()).reduce((a, b) => a + b, 0)
  await dispatcher.stop()
  await store.close()
  sink.stop()
  rmSync(dir, { recursive: true, force: true })
  return { count, arrived, pending, seconds, perSecond: count / seconds }
}
