// Parses the Healthchecks URL forms of SPEC §2.1 into a ping target and signal.
import type { PingAction } from '../domain/ping.js'

export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const SLUG_RE = /^[a-z0-9_-]+$/
const EXIT_RE = /^[0-9]+$/

export type ParsedPing =
  | {
      ok: true
      target: { uuid: string } | { pingKey: string; slug: string; create: boolean }
      action: PingAction
      exitStatus: number | null
      rid: string | null
    }
  | { ok: false; status: 400 | 404; body: string }

const NOT_FOUND = { ok: false, status: 404, body: 'not found' } as const
const BAD_URL = { ok: false, status: 400, body: 'invalid url format' } as const

function parseSuffix(suffix: string | undefined): { action: PingAction; exitStatus: number | null } | null {
  if (suffix === undefined) return { action: 'success', exitStatus: null }
  if (suffix === 'start' || suffix === 'fail' || suffix === 'log') return { action: suffix, exitStatus: null }
  if (EXIT_RE.test(suffix)) return { action: 'exit', exitStatus: suffix.length > 4 ? 99_999 : Number(suffix) }
  return null
}

/** `segments` are the path parts after "/ping/". */
export function parseHealthchecksPing(segments: string[], query: URLSearchParams): ParsedPing {
  if (segments.length === 0 || segments.length > 3 || segments.some((s) => s === '')) return NOT_FOUND
  const [first, second, third] = segments as [string, string | undefined, string | undefined]
  let target: { uuid: string } | { pingKey: string; slug: string; create: boolean }
  let suffix: string | undefined
  if (UUID_RE.test(first)) {
    if (third !== undefined) return NOT_FOUND
    target = { uuid: first.toLowerCase() }
    suffix = second
  } else {
    if (second === undefined) return NOT_FOUND
    if (!SLUG_RE.test(second)) return BAD_URL
    target = { pingKey: first, slug: second, create: query.get('create') === '1' }
    suffix = third
  }
  const parsed = parseSuffix(suffix)
  if (!parsed) return NOT_FOUND
  let rid: string | null = null
  if (query.has('rid')) {
    rid = query.get('rid') ?? ''
    if (!UUID_RE.test(rid)) return { ok: false, status: 400, body: 'invalid uuid format' }
    rid = rid.toLowerCase()
  }
  return { ok: true, target, ...parsed, rid }
}
