// Composition root: config → store → HTTP (pings, API) + background loops; stop() shuts down in
// order. Each step builds what the next needs and nothing built is patched afterwards: the base
// URL, known once the server is bound, is read through BaseUrl. (The store is told its alert sink
// once the channels are loaded: the sink reads them, and they are read from the store.)

import { configRecorder } from '../app/audit-trail.js'
import { applyConfig } from '../app/config/apply-config.js'
import { applyProjects } from '../app/config/apply-projects.js'
import { applySilences } from '../app/config/apply-silences.js'
import { resolveInstanceId, resolvePingKey } from '../app/config/identity.js'
import { ProjectKeys } from '../app/project-keys.js'
import { ensureFirstAdmin, type FirstAdmin } from '../app/users/first-admin.js'
import { type Clock, systemClock } from '../clock.js'
import type { Config } from '../config/config.js'
import { DEFAULT_PROJECT_ID } from '../domain/projects.js'
import type { Evaluator } from '../evaluate/evaluator.js'
import { PolicyCache } from '../evaluate/policy-cache.js'
import { createAppServer } from '../http/app-server.js'
import { type Logger, stderrLogger } from '../log.js'
import { loggingAlertSink } from '../notify/alert-log.js'
import { ChannelRegistry } from '../notify/channel-registry.js'
import type { DigestScheduler } from '../notify/digest-scheduler.js'
import type { Dispatcher } from '../notify/dispatcher.js'
import { outboxSink } from '../notify/outbox-sink.js'
import type { SilenceWatcher } from '../notify/silence-watcher.js'
import type { ReportScheduler } from '../report/report-scheduler.js'
import { openStore } from '../store/open-store.js'
import type { Store } from '../store/store.js'
import { BaseUrl } from './base-url.js'
import { createCommitters } from './committers.js'
import { createLoops, followChanges, onSilencesChanged, startLoops } from './loops.js'
import { apiRouter, pingRoutes } from './routes.js'
import { selfCheckOf } from './self-check.js'
import { listen, shutdown } from './serve.js'

export interface Backwatch {
  /** the address actually bound, e.g. http://127.0.0.1:8080 */
  url: string
  baseUrl: string
  pingKey: string
  store: Store
  /** what the server answers besides /healthz and /readyz (a test covers every route) */
  routes: { api: { method: string; pattern: string }[]; pingPrefixes: string[] }
  evaluator: Evaluator
  dispatcher: Dispatcher
  digests: DigestScheduler
  silences: SilenceWatcher
  reports: ReportScheduler
  stop(): Promise<void>
}

export interface StartOptions {
  clock?: Clock
  log?: Logger
  /** BACKWATCH_ADMIN_PASSWORD (+ BACKWATCH_ADMIN_USER): made the first instance admin when no user exists */
  firstAdmin?: FirstAdmin | null
}

export async function startBackwatch(config: Config, opts: StartOptions = {}): Promise<Backwatch> {
  const clock = opts.clock ?? systemClock
  const log = opts.log ?? stderrLogger()
  const store = await openStore(config.database, {
    onFeedError: (err) => log.warn('PostgreSQL change feed lost; reconnecting', { error: err }),
  })
  try {
    const { pingKey, instance, channelRegistry, policies, projectKeys } = await applyStartState(
      store,
      config,
      clock,
      log,
    )
    if (opts.firstAdmin) await createFirstAdmin(store, opts.firstAdmin, clock, log)
    const baseUrl = new BaseUrl(config.baseUrl)
    const wiring = { store, clock, log, instance, channelRegistry, baseUrl: baseUrl.get }
    const loops = createLoops(wiring)
    const notifyDue = (at: number) => loops.evaluator.notifyDue(at)
    const { pings, runReports } = createCommitters({ ...wiring, config, policies, notifyDue })
    const api = apiRouter({
      ...wiring,
      config,
      notifyDue,
      runReports,
      policies,
      onSilencesChanged: onSilencesChanged(wiring, loops),
    })
    // Alert transitions write their notifications in the same transaction (the outbox), and a
    // log line each once it committed.
    store.setAlertSink(
      loggingAlertSink(
        outboxSink({ channels: (tx) => channelRegistry.current(tx), baseUrl: baseUrl.get, instance }),
        log,
      ),
    )
    const unsubscribe = followChanges(wiring, loops)
    const unsubscribeProjects = store.subscribe((topic) => {
      if (topic === 'projects')
        projectKeys.load().catch((err) => log.error('reloading the projects failed', { error: err }))
    })
    await store.registerInstance(loops.dispatcher.owner, clock.now())
    const pingHandlers = pingRoutes(pings, clock, config, (key) => projectKeys.projectOf(key))
    const routes = { api: api.list(), pingPrefixes: Object.keys(pingHandlers) }
    const server = createAppServer({
      log,
      pingHandlers,
      api,
      isReady: () => store.isHealthy(),
      ...(config.http && { limits: config.http }),
    })
    const url = await listen(server, config.listen)
    baseUrl.bind(url)
    startLoops(loops, channelRegistry)
    const selfCheck = selfCheckOf(config.selfCheck, loops, log)
    selfCheck?.start()
    const stop = once(async () => {
      await selfCheck?.stop()
      await shutdown({
        server,
        committers: [pings, runReports],
        loops,
        unsubscribe: () => {
          unsubscribe()
          unsubscribeProjects()
        },
        store,
        channelRegistry,
      })
    })
    return { url, baseUrl: baseUrl.get(), pingKey, store, routes, ...loops, stop }
  } catch (err) {
    await store.close()
    throw err
  }
}

/**
 * Brings the database in line with this start: the ping key and instance id, the config file's
 * projects, tokens, policies, channels, servers, jobs and silences; loads the channels and policies.
 */
async function applyStartState(store: Store, config: Config, clock: Clock, log: Logger) {
  const pingKey = await resolvePingKey(store, config.pingKey, clock.now())
  const instance = await resolveInstanceId(store)
  // what the file changes is audited as the file's
  const audit = configRecorder(config.configPath, clock.now())
  // the file's top level describes the default project
  await applyConfig(store.inProject(DEFAULT_PROJECT_ID), config, clock.now(), {
    audit,
    fromFile: config.configPath !== null,
  })
  // and each entry of `projects:` another project
  await applyProjects(store, config.projects, clock.now(), log, audit)
  // file and API channels alike, from the channels table
  const channelRegistry = new ChannelRegistry({ store, log })
  await channelRegistry.load()
  await applySilences(store.inProject(DEFAULT_PROJECT_ID), config.silences, clock.now(), audit)
  // config and API policies alike; reloaded by whoever changes one
  const policies = new PolicyCache(store)
  await policies.load()
  const projectKeys = new ProjectKeys(store, clock)
  await projectKeys.load()
  return { pingKey, instance, channelRegistry, policies, projectKeys }
}

/** The first instance admin from the environment, while no user exists (the password is never logged). */
async function createFirstAdmin(store: Store, admin: FirstAdmin, clock: Clock, log: Logger) {
  const created = await ensureFirstAdmin(store, admin, clock.now())
  if (created)
    log.info('created the first instance admin from BACKWATCH_ADMIN_PASSWORD', { username: created })
}

function once(f: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | null = null
  return () => {
    running ??= f()
    return running
  }
}
