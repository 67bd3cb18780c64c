// CSRF defences for cookie-authenticated requests: a state-changing request carries the session's
// CSRF token (the API's X-CSRF-Token header, the dashboard's `_csrf` form field: a cross-site page
// cannot read it), and an Origin or Referer header, when the browser sends one, must name this
// server.
import { timingSafeEqual } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import { HttpError } from '../http/http-error.js'

export const csrfRefused = () => new HttpError(403, 'forbidden', 'csrf token missing or invalid')

export function isSafeMethod(method: string | undefined): boolean {
  return method === 'GET' || method === 'HEAD'
}

/** Whether `sent` is the expected token (compared in constant time). */
export function csrfMatches(sent: unknown, expected: string): boolean {
  const a = Buffer.from(typeof sent === 'string' ? sent : '')
  const b = Buffer.from(expected)
  return b.length > 0 && a.length === b.length && timingSafeEqual(a, b)
}

export function checkCsrfToken(req: IncomingMessage, expected: string): void {
  if (!csrfMatches(req.headers['x-csrf-token'], expected)) throw csrfRefused()
}

function originOf(text: string): string | null {
  try {
    return new URL(text).origin
  } catch {
    return null
  }
}

/** Refuses a request whose Origin (or, without one, Referer) is another site. */
export function checkSameOrigin(req: IncomingMessage, baseUrl: string): void {
  const origin = req.headers.origin
  const referer = req.headers.referer
  const claimed =
    typeof origin === 'string' ? origin : typeof referer === 'string' ? originOf(referer) : undefined
  if (claimed === undefined) return
  const host = req.headers.host
  const ours = new Set([originOf(baseUrl), ...(host ? [`http://${host}`, `https://${host}`] : [])])
  if (claimed === null || claimed === 'null' || !ours.has(claimed)) {
    throw new HttpError(403, 'forbidden', 'cross-origin request refused')
  }
}
