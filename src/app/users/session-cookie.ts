// The browser session cookie: HttpOnly (no script reads it), SameSite=Lax (not sent on
// cross-site posts), Path=/, Secure when the base URL is https. Its value is the session id;
// the database keeps only its hash.
import type { IncomingMessage } from 'node:http'
import { SESSION_IDLE_MS } from '../../domain/users.js'

export const SESSION_COOKIE = 'backwatch_session'

/** The session id a request's Cookie header carries, or null. */
export function sessionCookieOf(req: IncomingMessage): string | null {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=')
    if (eq < 0 || part.slice(0, eq).trim() !== SESSION_COOKIE) continue
    const value = part.slice(eq + 1).trim()
    return /^[A-Za-z0-9_-]{16,200}$/.test(value) ? value : null
  }
  return null
}

function attributes(baseUrl: string, maxAgeSeconds: number): string {
  const secure = baseUrl.startsWith('https:') ? '; Secure' : ''
  return `; HttpOnly; SameSite=Lax; Path=/; Max-Age=${maxAgeSeconds}${secure}`
}

/** Set-Cookie for a session that lives while it is used (the idle expiry, renewed on use). */
export function sessionCookie(sessionId: string, baseUrl: string): string {
  return `${SESSION_COOKIE}=${sessionId}${attributes(baseUrl, SESSION_IDLE_MS / 1000)}`
}

/** Set-Cookie that removes the cookie (logout, an ended session). */
export function clearedSessionCookie(baseUrl: string): string {
  return `${SESSION_COOKIE}=${attributes(baseUrl, 0)}`
}
