// Composition root: config → store → HTTP (pings, API) + evaluator; stop() shuts down in order.
import { randomBytes } from 'node:crypto'
import type { AddressInfo } from 'node:net'
import { hostname } from 'node:os'
import { cronhubRoute } from './api/pings/cronhub-route.js'
import { cronitorRoute } from './api/pings/cronitor-route.js'
import { healthchecksRoute } from './api/pings/healthchecks-route.js'
import { kumaRoute } from './api/pings/kuma-route.js'
import { registerApi } from './api/register-api.js'
import { applyConfig } from './app/config/apply-config.js'
import { applySilences } from './app/config/apply-silences.js'
import { resolveInstanceId, resolvePingKey } from './app/config/identity.js'
import { PingCommitter } from './app/pings/ping-committer.js'
import { ReportCommitter } from './app/reports/report-committer.js'
import { type Clock, systemClock } from './clock.js'
import type { Config } from './config/config.js'
import { describeSilence, silencing } from './domain/silence.js'
import { Evaluator } from './evaluate/evaluator.js'
import { PolicyCache } from './evaluate/policy-cache.js'
import { resettleJob, resettleJobs } from './evaluate/resettle.js'
import { createAppServer } from './http/app-server.js'
import { Router } from './http/router.js'
import { type Logger, stderrLogger } from './log.js'
import { ChannelRegistry } from './notify/channel-registry.js'
import { closeEmailPools } from './notify/channels/email/notifier.js'
import { NOTIFIERS } from './notify/channels/registry.js'
import { DigestScheduler } from './notify/digest-scheduler.js'
import { Dispatcher } from './notify/dispatcher.js'
import { outboxSink } from './notify/outbox-sink.js'
import { releaseSuppressedOpenings } from './notify/silence-release.js'
import { SilenceWatcher } from './notify/silence-watcher.js'
import { openStore } from './store/open-store.js'
import type { Store } from './store/store.js'
import { VERSION } from './version.js'

export interface Backwatch {
  /** the address actually bound, e.g. http://127.0.0.1:8080 */
  url: string
  baseUrl: string
  pingKey: string
  store: Store
  evaluator: Evaluator
  dispatcher: Dispatcher
  digests: DigestScheduler
  silences: SilenceWatcher
  stop(): Promise<void>
}

export interface StartOptions {
  clock?: Clock
  log?: Logger
}

function hostForUrl(host: string): string {
  return host.includes(':') ? `[${host}]` : host
}

export async function startBackwatch(config: Config, opts: StartOptions = {}): Promise<Backwatch> {
  const clock = opts.clock ?? systemClock
  const log = opts.log ?? stderrLogger()
  const store = await openStore(config.database, {
    onFeedError: (err) => log.warn('PostgreSQL change feed lost; reconnecting', { error: err }),
  })
  try {
    const pingKey = await resolvePingKey(store, config.pingKey)
    const instance = await resolveInstanceId(store)
    await applyConfig(store, config, clock.now())
    // file and API channels alike, from the channels table
    const channelRegistry = new ChannelRegistry({ store, log })
    await channelRegistry.load()
    await applySilences(store, config.silences, clock.now())
    // config and API policies alike; reloaded by whoever changes one
    const policies = new PolicyCache(store)
    await policies.load()
    const jobDefaults = (environment: string | null) => policies.jobDefaults(environment)

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
    const dispatcher = new Dispatcher({
      store,
      clock,
      log,
      ...sharedSleep,
      owner: `${hostname()}:${process.pid}:${instance.slice(0, 8)}:${randomBytes(4).toString('hex')}`,
      notifiers: NOTIFIERS,
      // a channel another instance created a moment ago: reload, then send or fail
      missingChannel: async (name) => {
        await channelRegistry.load()
        const entry = channelRegistry.find(name)
        if (entry?.spec) return { retry: true }
        if (entry) return { error: `channel "${name}" cannot be used: ${entry.error}` }
        return { error: `channel "${name}" is not configured (removed from the configuration?)` }
      },
      channels: () =>
        channelRegistry.list().map((c) => ({
          name: c.name,
          kind: c.kind,
          settings: c.settings,
          repeatIntervalMs: c.repeatInterval,
          // the channel's own rate limit, else its kind's (Slack, Discord, Telegram), next to its notifier
          ...(c.rateLimit !== undefined && { rateLimitPerSecond: c.rateLimit }),
        })),
      // reminders of a silenced alert are skipped (and resume after the silence)
      silencedBy: async (alert, now) => {
        const s = silencing(alert, await store.activeSilences(now), now)
        return s === null ? null : describeSilence(s)
      },
    })
    const committer = new PingCommitter({
      store,
      clock,
      bodyLimit: config.pingBodyLimit,
      jobDefaults: () => jobDefaults(null),
      onDue: (at) => evaluator.notifyDue(at),
      onError: (err) => log.error('ping commit failed', { error: err }),
    })
    const api = new Router()
    // The base URL is only known once bound (port 0); routes read it through this holder.
    const deps = {
      store,
      clock,
      log,
      version: VERSION,
      baseUrl: config.baseUrl ?? '',
      pingKey,
      notifyDue: (at: number) => evaluator.notifyDue(at),
      metricsPublic: config.metricsPublic,
      reports: { logLimit: config.pingBodyLimit, jobDefaults },
      limits: config.limits,
      runReports: new ReportCommitter({
        store,
        clock,
        context: { logLimit: config.pingBodyLimit, jobDefaults },
        onDue: (at) => evaluator.notifyDue(at),
        jobsPerRequest: config.limits.jobsPerRequest,
      }),
      policies,
      onPolicyChanged: async (environment: string) => {
        await resettleJobs(store, clock, environment, (at) => evaluator.notifyDue(at))
      },
      channels: () => channelRegistry.list(),
      channelRegistry,
      notifiers: NOTIFIERS,
      onJobFactsChanged: (jobId: number) => resettleJob(store, clock, jobId, (at) => evaluator.notifyDue(at)),
      // set below, once the watcher exists
      onSilencesChanged: async () => {},
    }
    registerApi(api, deps)
    // Alert transitions write their notifications in the same transaction (the outbox).
    store.setAlertSink(
      outboxSink({
        channels: (tx) => channelRegistry.current(tx),
        baseUrl: () => deps.baseUrl,
        instance,
      }),
    )
    // Committed changes, from this process or (PostgreSQL) any other instance.
    const unsubscribe = store.subscribe((topic) => {
      if (topic === 'outbox') void dispatcher.kick()
      else
        void channelRegistry
          .load()
          .then(() => dispatcher.kick())
          .catch((err) => log.error('reloading the channels failed', { error: err }))
    })
    await store.registerInstance(dispatcher.owner, clock.now())
    const digests = new DigestScheduler({
      store,
      clock,
      log,
      channels: () => channelRegistry.list(),
      baseUrl: () => deps.baseUrl,
      instance,
      onEnqueued: () => void dispatcher.kick(),
    })
    const silences = new SilenceWatcher({
      store,
      clock,
      log,
      channels: () => channelRegistry.list(),
      baseUrl: () => deps.baseUrl,
      onReleased: () => void dispatcher.kick(),
    })
    deps.onSilencesChanged = async () => {
      const released = await store.transaction((tx) =>
        releaseSuppressedOpenings(tx, clock.now(), {
          channels: () => channelRegistry.list(),
          baseUrl: () => deps.baseUrl,
        }),
      )
      if (released > 0) void dispatcher.kick()
      // an end earlier than the watcher's next wake-up, or one already past
      void silences.kick()
    }
    const pingDeps = { committer, clock, bodyLimit: config.pingBodyLimit }
    const server = createAppServer({
      log,
      pingHandlers: {
        ping: healthchecksRoute({ ...pingDeps, pingKey }),
        cronitor: cronitorRoute(pingDeps),
        cronhub: cronhubRoute(pingDeps),
        'api/push': kumaRoute(pingDeps),
      },
      api,
      isReady: () => store.isHealthy(),
      ...(config.http && { limits: config.http }),
    })
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(config.listen.port, config.listen.host, () => {
        server.off('error', reject)
        resolve()
      })
    })
    const address = server.address() as AddressInfo
    const url = `http://${hostForUrl(address.address)}:${address.port}`
    deps.baseUrl = config.baseUrl ?? url
    evaluator.start()
    dispatcher.start()
    digests.start()
    channelRegistry.start()
    silences.start()

    let stopping: Promise<void> | null = null
    const stop = () => {
      stopping ??= (async () => {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()))
        server.closeIdleConnections()
        // Keep-alive clients that never go idle must not hold the shutdown forever.
        const force = setTimeout(() => server.closeAllConnections(), 5_000)
        force.unref()
        await closed
        clearTimeout(force)
        await committer.flushed()
        await deps.runReports.flushed()
        await evaluator.stop()
        await digests.stop()
        await silences.stop()
        await dispatcher.stop()
        unsubscribe()
        await store.deregisterInstance(dispatcher.owner).catch(() => {})
        await channelRegistry.stop()
        closeEmailPools()
        await store.close()
      })()
      return stopping
    }
    return { url, baseUrl: deps.baseUrl, pingKey, store, evaluator, dispatcher, digests, silences, stop }
  } catch (err) {
    await store.close()
    throw err
  }
}
