// A tiny HTTP receiver on 127.0.0.1 that records every request, for testing the wrapper's
// reports. Answers 200 `{}` unless told otherwise.
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface Received {
  method: string
  url: string
  path: string
  query: URLSearchParams
  headers: IncomingMessage['headers']
  body: Buffer
  /** the body parsed as JSON, or null */
  json: Record<string, unknown> | null
  at: number
}

export interface Answer {
  status: number
  body?: string
  /** answer after this long */
  delayMs?: number
}

export interface Receiver {
  url: string
  port: number
  requests: Received[]
  /** decides the answer; default 200 `{}` */
  respond: (req: Received) => Answer
  close(): Promise<void>
}

export async function startReceiver(respond: (req: Received) => Answer = () => ({ status: 200 })) {
  const requests: Received[] = []
  const receiver = { requests, respond } as Receiver
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const body = Buffer.concat(chunks)
      const u = new URL(req.url ?? '/', 'http://x')
      let json: Record<string, unknown> | null = null
      try {
        json = body.length ? (JSON.parse(body.toString('utf8')) as Record<string, unknown>) : null
      } catch {
        json = null
      }
      const r: Received = {
        method: req.method ?? '',
        url: req.url ?? '',
        path: u.pathname,
        query: u.searchParams,
        headers: req.headers,
        body,
        json,
        at: Date.now(),
      }
      requests.push(r)
      const answer = receiver.respond(r)
      const send = () => {
        res.writeHead(answer.status, { 'Content-Type': 'application/json' })
        res.end(answer.body ?? '{}')
      }
      if (answer.delayMs) setTimeout(send, answer.delayMs)
      else send()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  receiver.port = port
  receiver.url = `http://127.0.0.1:${port}`
  receiver.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections()
      server.close(() => resolve())
    })
  return receiver
}

/** A port on 127.0.0.1 where nothing listens (bound once, then closed). */
export async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}
