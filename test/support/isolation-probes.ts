// The isolation matrix's vocabulary: a probe (one request with what refuses it), a route's case,
// and the helpers the tables (isolation-cases.ts, isolation-web-cases.ts) write them with.
import type { Need } from '../../src/domain/access.js'
import type { Caller, Req } from './isolation-http.js'
import type { Side, World } from './isolation-world.js'

/** a request naming one resource of t: aimed at B it is refused with one of these */
export const GONE = [403, 404]
/** a list filtered by a resource of t: aimed at B, an unknown filter value (400) */
export const UNKNOWN = [400, 403, 404]
/** a sign-in as B's user with A's password (after 5 failures B's user is locked a while: 429) */
export const SIGN_IN_REFUSED = [401, 429]

export interface Probe extends Req {
  /** the answers refusing it when aimed at B; absent: it acts in the caller's project (any answer < 500) */
  refused?: number[]
  /** the positive control's status when the caller may, if not the case's */
  control?: number
}

export interface RouteCase {
  /** what the caller needs ('any': any principal; 'none': no authentication at all) */
  need: Need | 'any' | 'none'
  probes(t: Side, own: Side): Probe[]
  /** the positive control deletes what it names: each one gets a fresh copy of A */
  destroys?: true
  /** the positive control's status when the caller may (default: any 2xx) */
  ok?: (caller: Caller) => number
  /** the request ends the user's session: sign in again after it */
  signsOut?: true
  /** a dashboard page: B's snapshot reads it as B's signed-in user */
  web?: true
  /** after the route's requests: remove what they made in A under B's names */
  after?(w: World): Promise<void>
}

let counter = 0
export const uniq = (prefix: string) => `${prefix}-${++counter}`

/** A local address of its own for each sign-in attempt: failures are throttled per address. */
let octet = 20
export const nextAddress = () => `127.0.0.${octet++}`

export const get = (path: string, refused?: number[]): Probe => ({
  method: 'GET',
  path,
  ...(refused && { refused }),
})

export const call = (method: string, path: string, body?: unknown, refused?: number[]): Probe => ({
  method,
  path,
  ...(body !== undefined && { body }),
  ...(refused && { refused }),
})

/** Stands for the caller's CSRF token in a form body (isolation-checks.ts forCaller). */
export const CSRF = '__CSRF__'

/** A dashboard form: url-encoded, with the caller's CSRF token in `_csrf`. */
export const form = (path: string, fields: Record<string, string> = {}, refused?: number[]): Probe => ({
  ...call('POST', path, new URLSearchParams({ _csrf: CSRF, ...fields }).toString(), refused),
  headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
})
