// The ping endpoints' part of the isolation matrix, by path prefix (every prefix the server answers
// must have one). Pings carry no principal: A's credentials are its ping key and its jobs' uuids.
// A slug resolves only in the key's project; a uuid is global (uuids are secrets, never shown to B).
import type { Req } from './isolation-http.js'
import type { Side } from './isolation-world.js'

export interface PingProbe {
  why: string
  req: Req
  status: number
}

const post = (path: string, body = ''): Req => ({ method: 'POST', path, body })

export const PING_CASES: Record<string, (a: Side, b: Side) => PingProbe[]> = {
  ping: (a, b) => [
    { why: "A's key with B's slug", req: post(`/ping/${a.pingKey}/${b.own.slug}`), status: 404 },
    {
      why: "A's key with B's slug, a failure",
      req: post(`/ping/${a.pingKey}/${b.own.slug}/fail`),
      status: 404,
    },
    {
      why: "A's key with B's slug, a start",
      req: post(`/ping/${a.pingKey}/${b.own.slug}/start`),
      status: 404,
    },
    {
      why: "A's key with the slug both have: A's job",
      req: post(`/ping/${a.pingKey}/${a.shared.slug}`),
      status: 200,
    },
    { why: "A's key with A's own slug", req: post(`/ping/${a.pingKey}/${a.own.slug}/start`), status: 200 },
    { why: "A's uuid", req: post(`/ping/${a.own.uuid}`), status: 200 },
    { why: "B's slug in a uuid's place", req: post(`/ping/${b.own.slug}`), status: 404 },
  ],
  cronitor: (a, b) => [
    { why: "A's uuid", req: post(`/cronitor/${a.own.uuid}/complete`), status: 200 },
    { why: "B's slug in a uuid's place", req: post(`/cronitor/${b.own.slug}/complete`), status: 404 },
  ],
  cronhub: (a, b) => [
    { why: "A's uuid", req: post(`/cronhub/ping/${a.own.uuid}`), status: 200 },
    { why: "B's slug in a uuid's place", req: post(`/cronhub/ping/${b.own.slug}`), status: 404 },
  ],
  'api/push': (a, b) => [
    { why: "A's uuid", req: { method: 'GET', path: `/api/push/${a.own.uuid}?status=up` }, status: 200 },
    {
      why: "B's slug in a uuid's place",
      req: { method: 'GET', path: `/api/push/${b.own.slug}?status=up` },
      status: 404,
    },
  ],
}
