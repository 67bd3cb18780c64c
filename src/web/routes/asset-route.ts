// GET /assets/<name>.<hash>.<ext>: the bundled assets, cached for a year (a changed file gets a
// new name), gzipped for clients that accept it.
import type { Router } from '../../http/router.js'
import type { WebDeps } from '../web-deps.js'
import { setSecurityHeaders } from '../web-respond.js'

export function registerAssetRoute(router: Router, deps: WebDeps): void {
  router.on('GET', '/assets/:file', async ({ req, res, params }) => {
    setSecurityHeaders(res)
    const asset = (await deps.assets()).get(params.file!)
    if (!asset) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' })
      return void res.end('no such asset')
    }
    const gzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))
    const body = gzip ? asset.gzip : asset.body
    res.writeHead(200, {
      'Content-Type': asset.type,
      'Content-Length': body.length,
      'Cache-Control': 'public, max-age=31536000, immutable',
      Vary: 'Accept-Encoding',
      ...(gzip && { 'Content-Encoding': 'gzip' }),
    })
    res.end(req.method === 'HEAD' ? undefined : body)
  })
}
