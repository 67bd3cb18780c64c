// HTTP requests sent from a chosen local address (127.0.0.x): per-address login throttling can be
// tested without one test's failures counting against another's.
import { request } from 'node:http'

export interface HttpAnswer {
  status: number
  headers: Record<string, string | string[] | undefined>
  text: string
  // biome-ignore lint/suspicious/noExplicitAny: test responses are read loosely
  json: any
  /** the Set-Cookie headers */
  cookies: string[]
}

export function httpFrom(
  url: string,
  init: {
    method?: string
    headers?: Record<string, string>
    /** sent as JSON (with its Content-Type) */
    json?: unknown
    /** sent as it is (a raw body) */
    body?: string
    localAddress?: string
  } = {},
): Promise<HttpAnswer> {
  const json = init.json === undefined ? undefined : Buffer.from(JSON.stringify(init.json))
  const body = json ?? (init.body === undefined ? undefined : Buffer.from(init.body))
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: init.method ?? 'GET',
        headers: { ...(json && { 'Content-Type': 'application/json' }), ...init.headers },
        ...(init.localAddress !== undefined && { localAddress: init.localAddress }),
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8')
          let json: unknown = null
          try {
            json = text === '' ? null : JSON.parse(text)
          } catch {
            // not JSON
          }
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text,
            json,
            cookies: res.headers['set-cookie'] ?? [],
          })
        })
      },
    )
    req.on('error', reject)
    req.end(body)
  })
}
