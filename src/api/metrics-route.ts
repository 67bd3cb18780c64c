// GET /metrics (SPEC §5): Prometheus text format, streamed piece by piece with backpressure.
// Needs a token with the read scope unless the config says `metrics: {public: true}`.

import type { ServerResponse } from 'node:http'
import { DEFAULT_PROJECT_ID } from '../domain/projects.js'
import type { RouteContext, Router } from '../http/router.js'
import { CONTENT_TYPE } from '../metrics/exposition.js'
import { metricsText } from '../metrics/metrics-text.js'
import type { ApiDeps } from './api-deps.js'
import { apiRoute } from './api-route.js'

/** Resolves once the response can take more, or once the client has gone (false). */
function drained(res: ServerResponse): Promise<boolean> {
  return new Promise((resolve) => {
    const done = (ok: boolean) => () => {
      res.off('drain', onDrain)
      res.off('close', onClose)
      resolve(ok)
    }
    const onDrain = done(true)
    const onClose = done(false)
    res.on('drain', onDrain)
    res.on('close', onClose)
  })
}

async function serveMetrics(deps: ApiDeps, { req, res }: RouteContext): Promise<void> {
  const headers = { 'Content-Type': CONTENT_TYPE, 'Cache-Control': 'no-store' }
  if (req.method === 'HEAD') {
    res.writeHead(200, headers)
    res.end()
    return
  }
  let started = false
  for await (const piece of metricsText(deps.store, { now: deps.clock.now(), version: deps.version })) {
    // Headers go out with the first piece, so a failing query still answers a clean 500.
    if (!started) {
      res.writeHead(200, headers)
      started = true
    }
    if (res.destroyed) return
    if (!res.write(piece) && !(await drained(res))) return
  }
  if (!started) res.writeHead(200, headers)
  res.end()
}

export function registerMetricsRoute(router: Router, deps: ApiDeps): void {
  // a token's project's metrics; without a token (metrics.public) the default project's
  const authenticated = apiRoute(deps, 'read', (ctx, deps) => serveMetrics(deps, ctx))
  // bound per request: the routes read their deps only when a request comes (fuzz.test lists them unwired)
  const open = () => ({ ...deps, store: deps.store.inProject(DEFAULT_PROJECT_ID) })
  router.on('GET', '/metrics', (ctx) => (deps.metricsPublic ? serveMetrics(open(), ctx) : authenticated(ctx)))
}
