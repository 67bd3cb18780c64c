// Writing the dashboard's answers: every one carries the security headers (a strict CSP: no
// inline script or style anywhere), pages are private and never cached.
import type { ServerResponse } from 'node:http'
import type { SafeHtml } from './html.js'

export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; " +
  "frame-ancestors 'none'; form-action 'self'; base-uri 'none'"

export function setSecurityHeaders(res: ServerResponse): void {
  res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY)
  res.setHeader('X-Content-Type-Options', 'nosniff')
  res.setHeader('Referrer-Policy', 'same-origin')
  res.setHeader('X-Frame-Options', 'DENY')
}

export function sendHtml(
  res: ServerResponse,
  status: number,
  body: SafeHtml,
  opts: { head?: boolean; headers?: Record<string, string> } = {},
): void {
  const buf = Buffer.from(body.toString())
  res.writeHead(status, {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Length': buf.length,
    'Cache-Control': 'no-store',
    ...opts.headers,
  })
  res.end(opts.head ? undefined : buf)
}

/** 303 See Other: after a form, or to the sign-in page. */
export function redirect(res: ServerResponse, location: string): void {
  res.writeHead(303, { Location: location, 'Content-Length': 0, 'Cache-Control': 'no-store' })
  res.end()
}

/** `next` as a path on this site ("/jobs?status=down"), or "/" for anything else. */
export function sameSitePath(next: string | null | undefined): string {
  if (!next?.startsWith('/') || next.startsWith('//') || next.includes('\\')) return '/'
  // control characters (a header split) and anything a URL parser would take elsewhere
  if (/[\x00-\x1f\x7f]/.test(next)) return '/'
  const url = new URL(next, 'http://x.invalid')
  return url.origin === 'http://x.invalid' ? url.pathname + url.search : '/'
}
