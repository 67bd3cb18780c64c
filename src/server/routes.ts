// What the HTTP server serves: the ping dialects (api/pings/), and one router for the /api/v1
// routes and the dashboard (web/).

import { cronhubRoute } from '../api/pings/cronhub-route.js'
import { cronitorRoute } from '../api/pings/cronitor-route.js'
import { healthchecksRoute } from '../api/pings/healthchecks-route.js'
import { kumaRoute } from '../api/pings/kuma-route.js'
import { registerApi } from '../api/register-api.js'
import type { PingCommitter } from '../app/pings/ping-committer.js'
import type { ReportCommitter } from '../app/reports/report-committer.js'
import { TokenUse } from '../app/tokens/token-use.js'
import { LoginGuard } from '../app/users/login.js'
import type { Clock } from '../clock.js'
import type { Config } from '../config/config.js'
import type { PolicyCache } from '../evaluate/policy-cache.js'
import { resettleJobs } from '../evaluate/resettle.js'
import type { PingEndpoint } from '../http/app-server.js'
import { Router } from '../http/router.js'
import type { Logger } from '../log.js'
import type { ChannelRegistry } from '../notify/channel-registry.js'
import { NOTIFIERS } from '../notify/channels/registry.js'
import type { Store } from '../store/store.js'
import { VERSION } from '../version.js'
import { registerWeb } from '../web/register-web.js'
import { webAssets } from '../web/web-assets.js'

/** The ping endpoints by path prefix. */
export function pingRoutes(
  committer: PingCommitter,
  clock: Clock,
  config: Config,
  projectOfKey: (key: string) => Promise<number | null>,
): Record<string, PingEndpoint> {
  const pingDeps = { committer, clock, bodyLimit: config.pingBodyLimit }
  return {
    ping: healthchecksRoute({ ...pingDeps, projectOfKey }),
    cronitor: cronitorRoute(pingDeps),
    cronhub: cronhubRoute(pingDeps),
    'api/push': kumaRoute(pingDeps),
  }
}

export interface ApiWiring {
  store: Store
  clock: Clock
  log: Logger
  config: Config
  baseUrl: () => string
  /** tell the evaluator a job's deadline may have moved */
  notifyDue: (at: number) => void
  runReports: ReportCommitter
  policies: PolicyCache
  channelRegistry: ChannelRegistry
  onSilencesChanged: () => Promise<void>
}

/** The router with every /api/v1 route and every dashboard page registered. */
export function apiRouter(w: ApiWiring): Router {
  const { store, clock, config, notifyDue, channelRegistry, policies } = w
  const api = new Router()
  // one count of failed logins for the API's sign-in and the dashboard's
  const logins = new LoginGuard()
  registerApi(api, {
    store,
    clock,
    log: w.log,
    version: VERSION,
    // read at request time: the address is known only once the server is bound
    get baseUrl() {
      return w.baseUrl()
    },
    notifyDue,
    metricsPublic: config.metricsPublic,
    limits: config.limits,
    runReports: w.runReports,
    policies,
    onPolicyChanged: async (projectId: number, environment: string) => {
      await resettleJobs(store.inProject(projectId), clock, environment, notifyDue)
    },
    channels: () => channelRegistry.list(),
    channelRegistry,
    notifiers: NOTIFIERS,
    onSilencesChanged: w.onSilencesChanged,
    logins,
    tokenUse: new TokenUse(store, w.log),
  })
  registerWeb(api, {
    store,
    clock,
    log: w.log,
    version: VERSION,
    get baseUrl() {
      return w.baseUrl()
    },
    logins,
    assets: webAssets,
    onSilencesChanged: w.onSilencesChanged,
    channelRegistry,
    notifyDue,
    notifiers: NOTIFIERS,
  })
  return api
}
