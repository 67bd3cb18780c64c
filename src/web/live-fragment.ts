// Answers a live fragment fetched by app.js every few seconds: an ETag over the body and the
// down count (an unchanged answer is a 304 with no body), never cached without asking, and
// X-Backwatch-Down for the title and favicon.
import { createHash } from 'node:crypto'
import type { WebContext } from './web-route.js'

export function sendFragment({ req, res, head }: WebContext, body: string, down: number): void {
  const downText = String(down)
  const etag = `"${createHash('sha256').update(downText).update('\n').update(body).digest('base64url').slice(0, 22)}"`
  const headers = { ETag: etag, 'Cache-Control': 'no-cache', 'X-Backwatch-Down': downText }
  if (req.headers['if-none-match'] === etag) {
    res.writeHead(304, headers)
    return void res.end()
  }
  const buf = Buffer.from(body)
  res.writeHead(200, { ...headers, 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': buf.length })
  res.end(head ? undefined : buf)
}
