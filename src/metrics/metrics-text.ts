// GET /metrics as a stream of text pieces: reads the fleet page by page (one query per page of
// jobs), then renders. Also what the benchmark calls to time a scrape without HTTP.
import { serverStatus } from '../domain/server-status.js'
import type { ChannelStore } from '../store/roles/channel-store.js'
import type { MetricsStore } from '../store/roles/metrics-store.js'
import type { OutboxStore } from '../store/roles/outbox-store.js'
import type { ServerStore } from '../store/roles/server-store.js'
import type { SilenceStore } from '../store/roles/silence-store.js'

/** What the metrics read: jobs and alerts pre-joined, servers, and the notification state. */
type MetricsReads = MetricsStore & ServerStore & OutboxStore & ChannelStore & SilenceStore

import { type NotifyFacts, notifyFamilies } from './notify-families.js'
import { fleetFamilies, JobColumns, jobFamilies } from './render.js'

export const METRICS_PAGE_SIZE = 5_000

export interface MetricsOptions {
  now: number
  version: string
  pageSize?: number
}

/** Reads everything one scrape shows; the jobs as compact columns. */
export async function collectMetrics(store: MetricsReads, opts: MetricsOptions) {
  const pageSize = opts.pageSize ?? METRICS_PAGE_SIZE
  const alerts = await store.metricsAlertCounts()

  const servers: { name: string; environment: string | null; online: boolean }[] = []
  let serversTotal = 0
  let cursor: string | null = null
  do {
    const page = await store.listServers({ limit: pageSize, cursor })
    for (const s of page.items) {
      serversTotal++
      const status = serverStatus(s, opts.now)
      if (status !== 'unknown')
        servers.push({ name: s.name, environment: s.environment, online: status === 'online' })
    }
    cursor = page.nextCursor
  } while (cursor !== null)

  const jobs = new JobColumns()
  let afterId = 0
  for (;;) {
    const rows = await store.metricsJobsPage(afterId, pageSize)
    for (const row of rows) jobs.push(row)
    if (rows.length < pageSize) break
    afterId = rows[rows.length - 1]!.id
  }
  return {
    jobs,
    fleet: { version: opts.version, jobsTotal: jobs.length, serversTotal, alerts, servers },
    notify: await notifyFacts(store, opts.now),
  }
}

/** The stored channels with their delivery health, and the silences in force. */
async function notifyFacts(store: MetricsReads, now: number): Promise<NotifyFacts> {
  const states = new Map((await store.channelStates()).map((s) => [s.channel, s]))
  const pending = await store.pendingCounts()
  const channels = (await store.listChannels()).map((c) => ({
    name: c.name,
    kind: c.kind,
    failing: states.get(c.name)?.failing ?? false,
    lastSuccessAt: states.get(c.name)?.lastSuccessAt ?? null,
    pending: pending[c.name] ?? 0,
  }))
  return { channels, silencesActive: (await store.activeSilences(now)).length }
}

/** The whole exposition, in pieces of about 64 Ki characters. */
export async function* metricsText(store: MetricsReads, opts: MetricsOptions): AsyncGenerator<string> {
  const { jobs, fleet, notify } = await collectMetrics(store, opts)
  yield fleetFamilies(fleet) + notifyFamilies(notify)
  yield* jobFamilies(jobs)
}
