// Sends the fuzzer's requests to a running server, `concurrency` at a time, and counts what came
// back: statuses, 5xx (with samples), requests never answered (hangs), client-side errors
// (a connection closed on a refused body is one), and the valid pings answered.
import http from 'node:http'
import net from 'node:net'
import { type FuzzRequest, type FuzzSetup, fuzzRequests } from './fuzz-cases.js'

export interface FuzzReport {
  requests: number
  statuses: Record<number, number>
  /** "METHOD path → status", at most 20 */
  fiveXX: string[]
  fiveXXCount: number
  /** 502 delivery_failed of POST /channels/{name}/test: the fuzz's channels lead nowhere (not counted as 5xx) */
  testSendsFailed: number
  hangs: string[]
  clientErrors: Record<string, number>
  /** valid pings sent and answered 2xx, by job uuid */
  pingsAnswered: Record<string, number>
  /** valid pings answered otherwise (each must be 0) */
  pingsRefused: string[]
}

export interface FuzzOptions {
  seed: number
  count: number
  concurrency?: number
  /** a request unanswered for this long is a hang */
  timeoutMs?: number
}

type Outcome = { status: number | null; error?: string }

/** The one route whose 502 is an answer, not a failure: a channel's receiver refused the test. */
const CHANNEL_TEST = /^\/api\/v1\/channels\/[^/?]+\/test(\?|$)/

function sendHttp(
  base: URL,
  agent: http.Agent,
  req: FuzzRequest & { kind: 'http' },
  timeoutMs: number,
): Promise<Outcome> {
  return new Promise((resolve) => {
    let out: http.ClientRequest
    try {
      out = http.request({
        agent,
        host: base.hostname,
        port: base.port,
        method: req.method,
        path: req.path,
        // Node's client sends a GET, DELETE, OPTIONS or TRACE body unframed unless told its length
        headers: req.body ? { ...req.headers, 'Content-Length': String(req.body.length) } : req.headers,
      })
    } catch (err) {
      // the client refused to send it (a character it will not put in a path): not the server's doing
      return resolve({ status: null, error: `client:${(err as { code?: string }).code ?? 'refused'}` })
    }
    out.setTimeout(timeoutMs, () => {
      out.destroy()
      resolve({ status: null, error: 'hang' })
    })
    out.on('response', (res) => {
      res.resume()
      res.on('end', () => resolve({ status: res.statusCode ?? null }))
      res.on('error', () => resolve({ status: res.statusCode ?? null }))
    })
    out.on('error', (err) => resolve({ status: null, error: (err as { code?: string }).code ?? err.message }))
    out.end(req.body ?? undefined)
  })
}

function sendRaw(base: URL, bytes: Buffer, timeoutMs: number): Promise<Outcome> {
  return new Promise((resolve) => {
    const socket = net.connect(Number(base.port), base.hostname)
    let head = ''
    const timer = setTimeout(() => {
      socket.destroy()
      resolve({ status: null, error: 'hang' })
    }, timeoutMs)
    const done = () => {
      clearTimeout(timer)
      const status = /^HTTP\/1\.[01] (\d{3})/.exec(head)
      resolve(status ? { status: Number(status[1]) } : { status: null, error: 'closed unanswered' })
    }
    socket.on('data', (d) => {
      head += d.toString('latin1')
      // the first answer is enough; a pipelined rest may follow
      if (head.includes('\r\n\r\n')) socket.destroy()
    })
    socket.on('close', done)
    socket.on('error', () => {})
    socket.write(bytes)
  })
}

export async function runFuzz(url: string, setup: FuzzSetup, opts: FuzzOptions): Promise<FuzzReport> {
  const { count, concurrency = 16, timeoutMs = 15_000 } = opts
  const base = new URL(url)
  const next = fuzzRequests(setup, opts.seed)
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency })
  const report: FuzzReport = {
    requests: 0,
    statuses: {},
    fiveXX: [],
    fiveXXCount: 0,
    testSendsFailed: 0,
    hangs: [],
    clientErrors: {},
    pingsAnswered: {},
    pingsRefused: [],
  }
  const describe = (req: FuzzRequest) =>
    req.kind === 'raw'
      ? `raw ${JSON.stringify(req.bytes.toString('latin1').slice(0, 80))}`
      : `${req.method} ${req.path.slice(0, 200)}`
  const worker = async () => {
    while (report.requests < count) {
      report.requests++
      const req = next()
      const outcome =
        req.kind === 'raw'
          ? await sendRaw(base, req.bytes, timeoutMs)
          : await sendHttp(base, agent, req, timeoutMs)
      if (outcome.status !== null)
        report.statuses[outcome.status] = (report.statuses[outcome.status] ?? 0) + 1
      if (outcome.error === 'hang') report.hangs.push(describe(req))
      else if (outcome.error)
        report.clientErrors[outcome.error] = (report.clientErrors[outcome.error] ?? 0) + 1
      if (outcome.status === 502 && req.kind === 'http' && CHANNEL_TEST.test(req.path))
        report.testSendsFailed++
      else if (outcome.status !== null && outcome.status >= 500) {
        report.fiveXXCount++
        if (report.fiveXX.length < 20) report.fiveXX.push(`${describe(req)} → ${outcome.status}`)
      }
      if (req.kind === 'http' && req.validPing) {
        if (outcome.status !== null && outcome.status < 300)
          report.pingsAnswered[req.validPing] = (report.pingsAnswered[req.validPing] ?? 0) + 1
        else report.pingsRefused.push(`${describe(req)} → ${outcome.status ?? outcome.error}`)
      }
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker))
  agent.destroy()
  return report
}
