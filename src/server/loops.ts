// The background loops of one instance: the evaluator, the dispatcher, the digest scheduler and
// the silence watcher, and what ties them to the channels and to each other.
import { randomBytes } from 'node:crypto'
import { hostname } from 'node:os'
import type { Clock } from '../clock.js'
import { describeSilence, silencing } from '../domain/silence.js'
import { Evaluator } from '../evaluate/evaluator.js'
import type { Logger } from '../log.js'
import type { ChannelRegistry } from '../notify/channel-registry.js'
import { NOTIFIERS } from '../notify/channels/registry.js'
import { DigestScheduler } from '../notify/digest-scheduler.js'
import { Dispatcher } from '../notify/dispatcher.js'
import { releaseSuppressedOpenings } from '../notify/silence-release.js'
import { SilenceWatcher } from '../notify/silence-watcher.js'
import { ReportScheduler } from '../report/report-scheduler.js'
import type { Store } from '../store/store.js'

export interface LoopDeps {
  store: Store
  clock: Clock
  log: Logger
  instance: string
  channelRegistry: ChannelRegistry
  baseUrl: () => string
}

export interface Loops {
  evaluator: Evaluator
  dispatcher: Dispatcher
  digests: DigestScheduler
  silences: SilenceWatcher
  reports: ReportScheduler
}

export function createLoops(deps: LoopDeps): Loops {
  const { store, clock, log, instance, channelRegistry, baseUrl } = deps
  // Other instances on PostgreSQL write deadlines and deliveries this one must act on if their
  // writer dies: look at the earliest ones every second (two indexed reads).
  const sharedSleep = store.kind === 'postgres' ? { maxSleepMs: 1_000 } : {}
  // small batches on PostgreSQL: the jobs a pass claims stay locked (pings for them wait) until it commits
  const evaluator = new Evaluator({
    store,
    clock,
    log,
    ...sharedSleep,
    ...(store.kind === 'postgres' && { batchSize: 10 }),
  })
  const dispatcher = createDispatcher(deps, sharedSleep)
  // the scheduled senders (digests, reports) and the silence watcher read the same channels
  const channels = () => channelRegistry.list()
  const wake = () => void dispatcher.kick()
  const scheduled = { store, clock, log, channels, baseUrl, instance, onEnqueued: wake }
  const digests = new DigestScheduler(scheduled)
  const silences = new SilenceWatcher({ store, clock, log, channels, baseUrl, onReleased: wake })
  const reports = new ReportScheduler(scheduled)
  return { evaluator, dispatcher, digests, silences, reports }
}

function createDispatcher(deps: LoopDeps, sharedSleep: { maxSleepMs?: number }): Dispatcher {
  const { store, clock, log, instance, channelRegistry } = deps
  return new Dispatcher({
    store,
    clock,
    log,
    ...sharedSleep,
    owner: `${hostname()}:${process.pid}:${instance.slice(0, 8)}:${randomBytes(4).toString('hex')}`,
    notifiers: NOTIFIERS,
    // a channel another instance created a moment ago: reload, then send or fail
    missingChannel: async (projectId, name) => {
      await channelRegistry.load()
      const entry = channelRegistry.find(projectId, name)
      if (entry?.spec) return { retry: true }
      if (entry) return { error: `channel "${name}" cannot be used: ${entry.error}` }
      return { error: `channel "${name}" is not configured (removed from the configuration?)` }
    },
    channels: () =>
      channelRegistry.list().map((c) => ({
        name: c.name,
        projectId: c.projectId,
        kind: c.kind,
        settings: c.settings,
        repeatIntervalMs: c.repeatInterval,
        // the channel's own rate limit, else its kind's (Slack, Discord, Telegram), next to its notifier
        ...(c.rateLimit !== undefined && { rateLimitPerSecond: c.rateLimit }),
      })),
    // reminders of a silenced alert are skipped (and resume after the silence)
    silencedBy: async (alert, projectId, now) => {
      const s = silencing(alert, await store.inProject(projectId).activeSilences(now), now)
      return s === null ? null : describeSilence(s)
    },
  })
}

/** Committed changes, from this process or (PostgreSQL) any other instance; returns the unsubscribe. */
export function followChanges(deps: LoopDeps, loops: Loops): () => void {
  const { store, log, channelRegistry } = deps
  return store.subscribe((topic) => {
    if (topic === 'outbox') void loops.dispatcher.kick()
    else
      void channelRegistry
        .load()
        .then(() => Promise.all([loops.dispatcher.kick(), loops.reports.kick()]))
        .catch((err) => log.error('reloading the channels failed', { error: err }))
  })
}

/** A silence was created, changed or ended: send what no silence holds back now. */
export function onSilencesChanged(deps: LoopDeps, loops: Loops): () => Promise<void> {
  const { store, clock, channelRegistry, baseUrl } = deps
  return async () => {
    const released = await store.transaction((tx) =>
      releaseSuppressedOpenings(tx, clock.now(), { channels: () => channelRegistry.list(), baseUrl }),
    )
    if (released > 0) void loops.dispatcher.kick()
    // an end earlier than the watcher's next wake-up, or one already past
    void loops.silences.kick()
  }
}

export function startLoops(loops: Loops, channelRegistry: ChannelRegistry): void {
  loops.evaluator.start()
  loops.dispatcher.start()
  loops.digests.start()
  channelRegistry.start()
  loops.silences.start()
  loops.reports.start()
}
