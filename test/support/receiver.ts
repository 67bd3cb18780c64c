// A local HTTP receiver on 127.0.0.1 that records every request and answers what the test says:
// a stand-in for the services channels talk to (startReceiver) or for Backwatch's API as the
// wrapper and the CLI see it (startApiReceiver).
import { createServer, type IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface Received {
  method: string
  /** path and query as sent */
  url: string
  path: string
  query: URLSearchParams
  headers: IncomingHttpHeaders
  body: string
  /** the body parsed as JSON, or null */
  json: Record<string, unknown> | null
  at: number
}

export interface Answer {
  status: number
  body?: string
  headers?: Record<string, string>
  /** answer after this long */
  delayMs?: number
}

export interface Receiver {
  url: string
  port: number
  requests: Received[]
  /** decides the answer to the next requests */
  respond: (req: Received) => Answer
  close(): Promise<void>
}

/**
 * A receiver answering 200 `ok` unless told otherwise. `port`: a fixed port (e.g. one a channel
 * was configured with while nothing listened), else any.
 */
export function startReceiver(
  respond: (req: Received) => Answer = () => ({ status: 200, body: 'ok' }),
  port = 0,
): Promise<Receiver> {
  return listen(respond, port, {}, '')
}

/** A receiver that answers JSON like Backwatch's API: 200 `{}` unless told otherwise. */
export function startApiReceiver(respond: (req: Received) => Answer = () => ({ status: 200 })) {
  return listen(respond, 0, { 'Content-Type': 'application/json' }, '{}')
}

async function listen(
  respond: (req: Received) => Answer,
  port: number,
  headers: Record<string, string>,
  emptyBody: string,
): Promise<Receiver> {
  const requests: Received[] = []
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8')
      const u = new URL(req.url ?? '/', 'http://127.0.0.1')
      const rec: Received = {
        method: req.method ?? '',
        url: req.url ?? '/',
        path: u.pathname,
        query: u.searchParams,
        headers: req.headers,
        body,
        json: parseJson(body),
        at: Date.now(),
      }
      requests.push(rec)
      const answer = receiver.respond(rec)
      const send = () => {
        res.writeHead(answer.status, { ...headers, ...answer.headers })
        res.end(answer.body ?? emptyBody)
      }
      if (answer.delayMs) setTimeout(send, answer.delayMs)
      else send()
    })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, '127.0.0.1', resolve)
  })
  const bound = (server.address() as AddressInfo).port
  const receiver: Receiver = {
    url: `http://127.0.0.1:${bound}`,
    port: bound,
    requests,
    respond,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections()
        server.close((err) => (err ? reject(err) : resolve()))
      }),
  }
  return receiver
}

function parseJson(body: string): Record<string, unknown> | null {
  try {
    return body.length ? (JSON.parse(body) as Record<string, unknown>) : null
  } catch {
    return null
  }
}

/** A port on 127.0.0.1 where nothing listens (bound once, then closed). */
export async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}
