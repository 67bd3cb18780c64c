// Sends each digest channel its digest at the end of every digest_interval (aligned to the
// epoch, in the channel's own interval). A digest is an outbox row like any notification, keyed
// by channel and window: a restart, or a second process, never sends one window twice.
import type { Clock } from '../clock.js'
import type { AlertRecord } from '../domain/records.js'
import { silencing } from '../domain/silence.js'
import type { Logger } from '../log.js'
import type { AlertFilter, AlertStore } from '../store/roles/alert-store.js'
import type { CoreStore } from '../store/store.js'
import { WakeLoop } from '../wake-loop.js'
import { alertView } from './alert-view.js'
import type { ProjectChannel } from './channel-registry.js'
import { buildDigest, digestNotification, digestWindow } from './digest.js'
import { scheduledKey } from './outbox/new-delivery.js'

export interface DigestSchedulerOptions {
  store: CoreStore
  clock: Clock
  log: Logger
  channels: () => ProjectChannel[]
  baseUrl: () => string
  instance: string
  onEnqueued: () => void
  maxSleepMs?: number
}

async function allAlerts(
  tx: AlertStore,
  filter: AlertFilter,
  stop: (a: AlertRecord) => boolean,
): Promise<AlertRecord[]> {
  const out: AlertRecord[] = []
  let cursor: string | null = null
  do {
    const page = await tx.listAlerts(filter, { limit: 500, cursor })
    for (const a of page.items) {
      if (stop(a)) return out
      out.push(a)
    }
    cursor = page.nextCursor
  } while (cursor !== null)
  return out
}

export class DigestScheduler {
  private readonly loop: WakeLoop

  constructor(private readonly opts: DigestSchedulerOptions) {
    this.loop = new WakeLoop({
      clock: opts.clock,
      log: opts.log,
      name: 'digest scheduler',
      pass: async () => {
        await this.runDue()
        // one pass serves every window ended by now; the loop then sleeps until the next end
        return 0
      },
      nextDueAt: async () => this.nextWindowEnd(),
      ...(opts.maxSleepMs !== undefined && { maxSleepMs: opts.maxSleepMs }),
    })
  }

  start(): void {
    this.loop.start()
  }

  stop(): Promise<void> {
    return this.loop.stop()
  }

  /** Enqueues the digest of the last whole window of every digest channel (idempotent). */
  async runDue(): Promise<number> {
    const { store, clock, channels, baseUrl, instance } = this.opts
    const now = clock.now()
    let enqueued = 0
    for (const channel of channels().filter((c) => c.mode === 'digest')) {
      const window = digestWindow(now, channel.digestInterval)
      const key = scheduledKey(instance, 'digest', channel, window.end)
      enqueued += await store.transaction(async (all) => {
        // the channel's project: its alerts and its silences
        const tx = all.inProject(channel.projectId)
        const active = await allAlerts(tx, { status: 'active' }, () => false)
        // newest first: stop at the first alert opened before the window
        const resolved = (
          await allAlerts(tx, { status: 'resolved' }, (a) => a.openedAt < window.start)
        ).filter((a) => a.resolvedAt !== null && a.resolvedAt <= window.end)
        const silences = await tx.activeSilences(now)
        // a silenced alert is not listed while the silence lasts
        const views = (await Promise.all(active.map((a) => alertView(tx, a, baseUrl())))).filter(
          (v) => silencing(v, silences, now) === null,
        )
        const resolvedViews = await Promise.all(resolved.map((a) => alertView(tx, a, baseUrl())))
        const digest = buildDigest(window, views, resolvedViews, channel)
        if (digest === null) return 0
        const n = digestNotification(digest, window, key, baseUrl())
        const alertId = digest.listed[0]?.id ?? resolved[0]?.id
        if (alertId === undefined) return 0
        return tx.enqueueDeliveries(
          [
            {
              projectId: channel.projectId,
              alertId,
              channel: channel.name,
              transition: 'digest',
              idempotencyKey: key,
              payload: JSON.stringify(n),
            },
          ],
          now,
        )
      })
    }
    if (enqueued > 0) this.opts.onEnqueued()
    return enqueued
  }

  /** The next window end of any digest channel; null without digest channels. */
  private nextWindowEnd(): number | null {
    const now = this.opts.clock.now()
    const intervals = this.opts
      .channels()
      .filter((c) => c.mode === 'digest')
      .map((c) => c.digestInterval)
    if (intervals.length === 0) return null
    return Math.min(...intervals.map((i) => digestWindow(now, i).end + i))
  }
}
