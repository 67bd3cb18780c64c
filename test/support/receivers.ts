// Local stand-ins for the services channels talk to: an HTTP receiver on 127.0.0.1 that records
// every request and answers what the test says, and a Standard Webhooks verifier.
import { createHmac, timingSafeEqual } from 'node:crypto'
import { createServer, type IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface Recorded {
  method: string
  /** path and query as sent */
  url: string
  path: string
  query: URLSearchParams
  headers: IncomingHttpHeaders
  body: string
}

export interface Reply {
  status: number
  body?: string
  headers?: Record<string, string>
}

export interface LocalReceiver {
  url: string
  requests: Recorded[]
  /** the answer for the next requests; defaults to 200 `ok` */
  reply: (req: Recorded) => Reply
  close(): Promise<void>
}

/** `port`: a fixed port (e.g. one a channel was configured with while nothing listened), else any. */
export async function startLocalReceiver(
  reply: (req: Recorded) => Reply = () => ({ status: 200, body: 'ok' }),
  port = 0,
) {
  const requests: Recorded[] = []
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const u = new URL(req.url ?? '/', 'http://127.0.0.1')
      const rec: Recorded = {
        method: req.method ?? '',
        url: req.url ?? '/',
        path: u.pathname,
        query: u.searchParams,
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      }
      requests.push(rec)
      const answer = receiver.reply(rec)
      res.writeHead(answer.status, answer.headers)
      res.end(answer.body ?? '')
    })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, '127.0.0.1', resolve)
  })
  const bound = (server.address() as AddressInfo).port
  const receiver: LocalReceiver = {
    url: `http://127.0.0.1:${bound}`,
    requests,
    reply,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections()
        server.close((err) => (err ? reject(err) : resolve()))
      }),
  }
  return receiver
}

/**
 * Verifies a Standard Webhooks delivery the way a receiver would: the `whsec_` key signs
 * `${webhook-id}.${webhook-timestamp}.${body}`; any `v1,` signature in the space-separated list
 * may match; the timestamp must be within `toleranceS` of now.
 */
export function verifyStandardWebhook(
  secret: string,
  headers: IncomingHttpHeaders,
  body: string,
  nowS = Math.floor(Date.now() / 1000),
  toleranceS = 300,
): boolean {
  const id = headers['webhook-id']
  const ts = headers['webhook-timestamp']
  const sigs = headers['webhook-signature']
  if (typeof id !== 'string' || typeof ts !== 'string' || typeof sigs !== 'string') return false
  if (!/^\d+$/.test(ts) || Math.abs(nowS - Number(ts)) > toleranceS) return false
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64')
  const want = createHmac('sha256', key).update(`${id}.${ts}.${body}`).digest()
  return sigs.split(' ').some((s) => {
    const [version, b64] = s.split(',', 2)
    if (version !== 'v1' || !b64) return false
    const got = Buffer.from(b64, 'base64')
    return got.length === want.length && timingSafeEqual(got, want)
  })
}
