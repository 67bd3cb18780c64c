// Generates the fuzzer's requests from a seed: valid pings to the tracked jobs (each must be
// stored), and everything else: every API route with random parameters, queries and bodies,
// the ping dialects with odd suffixes, garbage paths, methods, headers and bodies, deep JSON,
// bad percent-encoding, and broken request lines sent as raw bytes.

import { mutate, PLAUSIBLE } from './fuzz-bodies.js'
import { deepJson, jsonObject, jsonValue, METHODS, ODD_SEGMENTS, Rng } from './fuzz-random.js'
import { RAW_REQUESTS } from './fuzz-raw.js'

export interface FuzzJob {
  uuid: string
  slug: string
}

export interface FuzzSetup {
  token: string
  pingKey: string
  /** the API's routes (Router.list()) */
  routes: { method: string; pattern: string }[]
  /** valid pings go to these only; nothing else names them */
  tracked: FuzzJob[]
  /** jobs the fuzzer may change, delete or ping any way it likes */
  fuzzJobs: FuzzJob[]
}

export type FuzzRequest =
  | {
      kind: 'http'
      method: string
      path: string
      headers: Record<string, string>
      body: Buffer | null
      /** a valid ping: must be answered 2xx and stored as one run of this job */
      validPing?: string
    }
  | { kind: 'raw'; bytes: Buffer }

// biome-ignore format: a value pool reads best packed
const QUERY_NAMES = ['limit', 'cursor', 'job', 'server', 'status', 'since', 'format', 'create', 'utc_offset',
  'type', 'severity', 'rid', 'state', 'msg', 'ping', 'payload', 'exit_code', 'kind', 'job_prefix', 'active']
// biome-ignore format: a value pool reads best packed
const QUERY_VALUES = ['', '1', '0', '-5', '501', 'abc', 'restic', 'borg', 'borgmatic', 'resticprofile', 'up',
  'down', 'active', '%zz', '%00', '+01:00', 'Z', '2026-11-22T05:32:04Z', 'zzzz', 'a'.repeat(3000), '%E2%82%AC']

export function fuzzRequests(setup: FuzzSetup, seed: number): () => FuzzRequest {
  const r = new Rng(seed)
  const auth = (): Record<string, string> => {
    const roll = r.int(10)
    if (roll < 7) return { Authorization: `Bearer ${setup.token}` }
    if (roll === 7) return { 'X-Api-Key': setup.token }
    if (roll === 8) return { Authorization: r.pick(['Bearer', 'Basic eDp5', `Bearer ${r.word(40)}`, '']) }
    return {}
  }
  const fuzzJob = () => r.pick(setup.fuzzJobs)
  const param = () => {
    const roll = r.int(6)
    if (roll === 0) return fuzzJob().slug
    if (roll === 1) return r.chance(0.5) ? fuzzJob().uuid : r.uuid()
    if (roll === 2)
      return r.pick(['production', 'staging', `fz-srv-${r.int(20)}`, `fz-hook-${r.int(3)}`, '999999'])
    if (roll === 3) return encodeURIComponent(r.word(20))
    return r.pick(ODD_SEGMENTS)
  }
  const query = () => {
    const parts: string[] = []
    for (let i = r.int(4); i > 0; i--) parts.push(`${r.pick(QUERY_NAMES)}=${r.pick(QUERY_VALUES)}`)
    return parts.length > 0 ? `?${parts.join('&')}` : ''
  }
  const body = (): Buffer | null => {
    const roll = r.int(10)
    if (roll === 0) return null
    if (roll === 1) return Buffer.from(deepJson(r, r.pick([64, 65, 4000, 5000, 50_000])))
    if (roll === 2) return Buffer.from(Array.from({ length: r.int(2000) }, () => r.int(256)))
    if (roll === 3) return Buffer.from(JSON.stringify(jsonValue(r)))
    if (roll === 4) return Buffer.from('{"job":"fz-job","status":')
    if (roll === 5)
      return Buffer.from(`{"message_type":"summary","files_new":${r.pick(['1', '-1', '1e999', '"x"'])}}\n`)
    return Buffer.from(JSON.stringify(jsonObject(r)))
  }
  const headers = (): Record<string, string> => {
    const h: Record<string, string> = {}
    if (r.chance(0.5))
      h['Content-Type'] = r.pick(['application/json', 'text/plain', 'multipart/form-data; boundary=', 'x/y'])
    if (r.chance(0.1)) h['Content-Encoding'] = 'gzip'
    if (r.chance(0.05)) h.Expect = '100-continue'
    if (r.chance(0.05)) h.Upgrade = 'websocket'
    if (r.chance(0.05)) h['X-Big'] = 'b'.repeat(r.pick([100, 8000, 20_000]))
    return h
  }
  const http = (method: string, path: string, h: Record<string, string>, b: Buffer | null): FuzzRequest => ({
    kind: 'http',
    method,
    path,
    headers: h,
    body: method === 'GET' || method === 'HEAD' ? (r.chance(0.1) ? b : null) : b,
  })

  const validPing = (): FuzzRequest => {
    const job = r.pick(setup.tracked)
    const path = r.pick([
      `/ping/${job.uuid}`,
      `/ping/${job.uuid.toUpperCase()}/0`,
      `/ping/${job.uuid}/fail`,
      `/ping/${setup.pingKey}/${job.slug}`,
      `/cronitor/${job.uuid}/complete`,
      `/cronitor/${job.uuid}?state=fail&message=x`,
      `/cronhub/finish/${job.uuid}`,
      `/api/push/${job.uuid}?status=${r.pick(['up', 'down'])}&msg=m`,
    ])
    const method = r.pick(['GET', 'POST', 'PUT', 'HEAD'])
    const b = method === 'POST' ? Buffer.from(`log ${r.word(30)}\n`) : null
    return { kind: 'http', method, path, headers: {}, body: b, validPing: job.uuid }
  }
  const apiRoute = (): FuzzRequest => {
    const route = r.pick(setup.routes)
    const path = route.pattern.replace(/:[a-z]+/g, param) + query()
    const method = r.chance(0.85) ? route.method : r.pick(METHODS)
    const plausible = PLAUSIBLE[`${route.method} ${route.pattern}`]
    // half the time a body shaped for the route, with a field or two made random
    const b =
      plausible && r.chance(0.5) ? Buffer.from(JSON.stringify(mutate(r, plausible(r, fuzzJob())))) : body()
    return http(method, path, { ...auth(), ...headers() }, b)
  }
  const pingFuzz = (): FuzzRequest => {
    const uuid = r.chance(0.7) ? fuzzJob().uuid : r.uuid()
    const suffix = r.pick([
      '',
      '/start',
      '/fail',
      '/log',
      '/0',
      '/256',
      '/99999',
      '//start',
      '/',
      `/${r.pick(ODD_SEGMENTS)}`,
    ])
    const path = r.pick([
      `/ping/${uuid}${suffix}`,
      `/ping/${setup.pingKey}/${r.chance(0.5) ? fuzzJob().slug : r.word(10)}${suffix}`,
      `/cronitor/${uuid}${r.pick(['/run', '/complete', '/ok', '', suffix])}`,
      `/cronhub/${r.pick(['start', 'finish', 'fail', 'ping', 'x'])}/${uuid}`,
      `/api/push/${uuid}`,
    ])
    return http(r.pick(METHODS), path + query(), headers(), body())
  }
  const garbage = (): FuzzRequest => {
    const segments = Array.from({ length: 1 + r.int(5) }, () =>
      r.chance(0.5)
        ? r.pick(ODD_SEGMENTS)
        : r.pick(['api', 'v1', 'ping', 'jobs', 'healthz', 'metrics', r.word()]),
    )
    const path = r.chance(0.1)
      ? r.pick(['*', 'http://evil/api/v1/info', '//[', '//a:99999/'])
      : `/${segments.join('/')}`
    return http(r.pick(METHODS), path + query(), { ...(r.chance(0.5) ? auth() : {}), ...headers() }, body())
  }
  const raw = (): FuzzRequest => ({ kind: 'raw', bytes: Buffer.from(r.pick(RAW_REQUESTS)(r), 'latin1') })

  return () => {
    const roll = r.int(100)
    if (roll < 12) return validPing()
    if (roll < 50) return apiRoute()
    if (roll < 65) return pingFuzz()
    if (roll < 92) return garbage()
    return raw()
  }
}
