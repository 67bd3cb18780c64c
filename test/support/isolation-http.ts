// The isolation matrix's requests and callers: one HTTP request (node:http, so no Origin header
// is added behind our back), and the principals of a project as request headers.
import { request } from 'node:http'
import type { Capability } from '../../src/domain/access.js'

export interface Req {
  method: string
  /** path and query, e.g. /api/v1/jobs/7 */
  path: string
  /** sent as JSON; a string is sent as it is */
  body?: unknown
  headers?: Record<string, string>
  /** the local address to send from (127.0.0.x): sign-in failures are throttled per address */
  localAddress?: string
}

export interface Answer {
  status: number
  text: string
  // biome-ignore lint/suspicious/noExplicitAny: answers are read loosely
  json: any
  headers: Record<string, string | string[] | undefined>
}

export function send(base: string, req: Req, extra: Record<string, string> = {}): Promise<Answer> {
  const body =
    req.body === undefined
      ? undefined
      : Buffer.from(typeof req.body === 'string' ? req.body : JSON.stringify(req.body))
  const headers: Record<string, string> = {
    ...(body && typeof req.body !== 'string' && { 'Content-Type': 'application/json' }),
    ...extra,
    ...req.headers,
  }
  return new Promise((resolve, reject) => {
    const options = {
      method: req.method,
      headers,
      ...(req.localAddress && { localAddress: req.localAddress }),
    }
    const r = request(`${base}${req.path}`, options, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8')
        let json: unknown = null
        try {
          json = text === '' ? null : JSON.parse(text)
        } catch {
          // text (pings, metrics)
        }
        resolve({ status: res.statusCode ?? 0, text, json, headers: res.headers })
      })
    })
    r.on('error', reject)
    r.end(body)
  })
}

/** A principal of a project: what it may do and the headers that present it. */
export interface Caller {
  /** e.g. "read token", "user session" */
  name: string
  kind: 'token' | 'user'
  grants: readonly Capability[]
  headers(): Record<string, string>
  /** signs in again (a user's session ended by DELETE /api/v1/session); tokens: nothing */
  renew(): Promise<void>
}

export function tokenCaller(name: string, token: string, grants: readonly Capability[]): Caller {
  return {
    name,
    kind: 'token',
    grants,
    headers: () => ({ Authorization: `Bearer ${token}` }),
    renew: async () => {},
  }
}

/** A browser: its session cookie and CSRF token, from POST /api/v1/session. */
export async function userCaller(
  base: string,
  name: string,
  credentials: { username: string; password: string },
  grants: readonly Capability[],
): Promise<Caller> {
  let cookie = ''
  let csrf = ''
  const caller: Caller = {
    name,
    kind: 'user',
    grants,
    headers: () => ({ Cookie: cookie, 'X-CSRF-Token': csrf }),
    async renew() {
      const r = await send(base, { method: 'POST', path: '/api/v1/session', body: credentials })
      const set = ([] as string[]).concat(r.headers['set-cookie'] ?? [])
      const session = set.find((c) => c.startsWith('backwatch_session='))
      if (r.status !== 200 || !session)
        throw new Error(`sign-in of ${credentials.username}: ${r.status} ${r.text}`)
      cookie = session.split(';')[0]!
      csrf = r.json.csrf_token
    },
  }
  await caller.renew()
  return caller
}

/**
 * How a request names the project it wants: not at all, X-Backwatch-Project or ?project=. Tokens
 * must ignore both (a token belongs to one project); a user gets 404 for a project without a role.
 */
export type Variant = 'plain' | 'header' | 'query'
export const VARIANTS: readonly Variant[] = ['plain', 'header', 'query']

export function withProject(req: Req, variant: Variant, slug: string): Req {
  if (variant === 'plain') return req
  if (variant === 'header') return { ...req, headers: { ...req.headers, 'X-Backwatch-Project': slug } }
  const sep = req.path.includes('?') ? '&' : '?'
  return { ...req, path: `${req.path}${sep}project=${encodeURIComponent(slug)}` }
}
