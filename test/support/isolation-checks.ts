// What the isolation matrix asserts of one answer, and B's snapshot: every GET route of the table
// aimed at B's own resources, read with B's admin token (the dashboard's pages as B's signed-in
// user); the clock stands still, so it changes only if something changes B.
import { API_CASES } from './isolation-cases.js'
import { type Answer, type Caller, type Req, send, type Variant, withProject } from './isolation-http.js'
import { CSRF, type Probe, type RouteCase } from './isolation-probes.js'
import type { Side, World } from './isolation-world.js'

export async function snapshotB(w: World): Promise<Record<string, string>> {
  const out: Record<string, string> = {}
  for (const [route, c] of Object.entries(API_CASES)) {
    // what B's admin token may read (projects are for instance admins)
    if (!route.startsWith('GET ') || c.need === 'none' || c.need === 'instance_admin') continue
    for (const probe of c.probes(w.b, w.b)) {
      const r = await send(w.url, probe, (c.web ? w.bUser : w.bAdmin).headers())
      out[probe.path] = `${r.status} ${r.text}`
    }
  }
  return out
}

/** B's identifiers and texts in the answer that the request did not carry itself. */
export function leaksOf(answer: Answer, req: Req, b: Side): string[] {
  const sent = JSON.stringify([req.path, req.headers ?? {}, req.body ?? null])
  const seen = answer.text + JSON.stringify(answer.headers)
  return b.secrets.filter((s) => seen.includes(s) && !sent.includes(s))
}

const is2xx = (status: number) => status >= 200 && status < 300

/** The request as `caller` sends it in a variant naming `slug` as its project. */
export function asSent(probe: Probe, variant: Variant, slug: string, caller: Caller): Req {
  const { refused: _refused, control: _control, ...req } = probe
  const csrf = caller.headers()['X-CSRF-Token'] ?? ''
  const body = typeof req.body === 'string' ? req.body.replace(CSRF, csrf) : req.body
  return withProject({ ...req, ...(body !== undefined && { body }) }, variant, slug)
}

/** A problem with A's caller's request aimed at B, or null. */
export function judgeAimedAtB(probe: Probe, answer: Answer, req: Req, b: Side): string | null {
  const leaked = leaksOf(answer, req, b)
  if (leaked.length > 0) return `answer ${answer.status} carries B's ${leaked.join(', ')}`
  if (answer.status >= 500) return `answer ${answer.status}: ${answer.text.slice(0, 200)}`
  // the dashboard sends whoever has no session to its sign-in page
  const signedOut = answer.status === 303 && String(answer.headers.location).startsWith('/login')
  if (probe.refused && !probe.refused.includes(answer.status) && !signedOut)
    return `answer ${answer.status} (expected ${probe.refused.join(' or ')}): ${answer.text.slice(0, 200)}`
  return null
}

/** What A's caller should get for the request aimed at A's own resources. */
export function expectedForA(c: RouteCase, caller: Caller, probe?: Probe): number | '2xx' {
  // no principal of A is an instance admin
  if (c.need === 'instance_admin') return 403
  // the dashboard takes no tokens: one is sent to sign in (c.ok) whatever its scope would allow
  const sessionless = c.web === true && caller.kind !== 'user'
  if (!sessionless && c.need !== 'none' && c.need !== 'any' && !caller.grants.includes(c.need)) return 403
  return probe?.control ?? (c.ok ? c.ok(caller) : '2xx')
}

export function judgeAimedAtA(
  c: RouteCase,
  caller: Caller,
  probe: Probe,
  answer: Answer,
  req: Req,
  b: Side,
): string | null {
  const leaked = leaksOf(answer, req, b)
  if (leaked.length > 0) return `answer ${answer.status} carries B's ${leaked.join(', ')}`
  const expected = expectedForA(c, caller, probe)
  const good = expected === '2xx' ? is2xx(answer.status) : answer.status === expected
  return good ? null : `answer ${answer.status} (expected ${expected}): ${answer.text.slice(0, 200)}`
}

/** The table's keys that the server lacks, and the server's routes that the table lacks. */
export function coverage(routes: { method: string; pattern: string }[], table: Record<string, unknown>) {
  const served = routes.map((r) => `${r.method} ${r.pattern}`)
  return {
    uncovered: served.filter((k) => !Object.hasOwn(table, k)).map((k) => `no isolation case for ${k}`),
    stale: Object.keys(table)
      .filter((k) => !served.includes(k))
      .map((k) => `isolation case for no route: ${k}`),
  }
}
