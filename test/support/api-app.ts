// Starts the real Backwatch (HTTP on port 0, SQLite in a temporary file) for API tests, with an
// admin token (BACKWATCH_API_TOKEN) and read/ingest tokens, and a fetch helper that sends them.
import type { Config } from '../../src/config/config.js'
import { type Logger, silentLogger } from '../../src/log.js'
import { type Backwatch, startBackwatch } from '../../src/server/start-backwatch.js'
import { ADMIN_TOKEN, tempDir, testConfig } from './app.js'

export { ADMIN_TOKEN, eventually } from './app.js'
export const READ_TOKEN = 'read-token-0123456789abcdef'
export const INGEST_TOKEN = 'ingest-token-0123456789abcdef'

const API_TOKENS: Config['tokens'] = [
  { name: 'reader', scope: 'read', token: READ_TOKEN },
  { name: 'ingester', scope: 'ingest', token: INGEST_TOKEN },
]

export interface ApiApp {
  app: Backwatch
  url: string
  /** fetch `${url}/api/v1${path}` with the admin token unless `token` says otherwise (null: none) */
  api(path: string, init?: RequestInit & { token?: string | null; json?: unknown }): Promise<Response>
  /** the same, returning status and parsed JSON body */
  call<T = Json>(
    path: string,
    init?: RequestInit & { token?: string | null; json?: unknown },
  ): Promise<{ status: number; body: T }>
  stop(): Promise<void>
}

// biome-ignore lint/suspicious/noExplicitAny: test responses are read loosely
export type Json = any

/** `opts.log`: where the server logs (default: nowhere), e.g. a logger that records lines. */
export async function startApiApp(
  overrides: Partial<Config> = {},
  opts: { log?: Logger } = {},
): Promise<ApiApp> {
  const tmp = tempDir('backwatch-api-')
  const app = await startBackwatch(testConfig(tmp.dir, { pingKey: null, tokens: API_TOKENS, ...overrides }), {
    log: opts.log ?? silentLogger,
  })
  const api: ApiApp['api'] = (path, init = {}) => {
    const { token = ADMIN_TOKEN, json, headers, ...rest } = init
    const h = new Headers(headers)
    if (token !== null) h.set('Authorization', `Bearer ${token}`)
    if (json !== undefined) h.set('Content-Type', 'application/json')
    return fetch(`${app.url}/api/v1${path}`, {
      ...rest,
      headers: h,
      ...(json !== undefined && { body: JSON.stringify(json) }),
    })
  }
  return {
    app,
    url: app.url,
    api,
    async call(path, init) {
      const res = await api(path, init)
      const text = await res.text()
      return { status: res.status, body: text === '' ? null : JSON.parse(text) }
    },
    async stop() {
      await app.stop()
      tmp.cleanup()
    },
  }
}

/** A response body parsed as JSON, typed loosely for assertions. */
export async function json(res: Response): Promise<Json> {
  return res.json()
}
