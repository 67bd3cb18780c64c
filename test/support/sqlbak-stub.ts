// A local stand-in for SqlBak's public REST API in the shape the SqlBak article shows: the token
// in X-SqlBak-Token, lists under data.list paged with page/page_size/has_more, times in epoch ms;
// GET /servers, /jobs, /jobs/{id}/settings, /jobruns?job_id=&started_after=, /jobruns/{id}/logs.
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

export type Obj = Record<string, unknown>

export interface SqlBakStub {
  /** the API base, like https://sqlbak.com/public-api/v1 */
  url: string
  servers: Obj[]
  jobs: Obj[]
  runs: Obj[]
  settings: Map<string, Obj>
  logs: Map<string, Obj>
  /** request paths seen, with their query */
  requests: string[]
  close(): Promise<void>
}

/** Answers pages of `pageSize` whatever page_size asks, so paging is always exercised. */
export async function startSqlBakStub(token: string, pageSize = 2): Promise<SqlBakStub> {
  const stub = {
    servers: [] as Obj[],
    jobs: [] as Obj[],
    runs: [] as Obj[],
    settings: new Map<string, Obj>(),
    logs: new Map<string, Obj>(),
    requests: [] as string[],
  }
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://stub')
    stub.requests.push(`${url.pathname}${url.search}`)
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'Content-Type': 'application/json' })
      res.end(JSON.stringify(body))
    }
    if (req.headers['x-sqlbak-token'] !== token) return send(401, { error: 'invalid token' })
    const path = url.pathname.replace(/^\/public-api\/v1/, '')
    const page = (all: Obj[]) => {
      const n = Number(url.searchParams.get('page') ?? 1)
      const list = all.slice((n - 1) * pageSize, n * pageSize)
      return send(200, {
        data: { list, page: n, page_size: pageSize, total: all.length, has_more: n * pageSize < all.length },
      })
    }
    if (path === '/servers') return page(stub.servers)
    if (path === '/jobs') return page(stub.jobs)
    if (path === '/jobruns') {
      const job = url.searchParams.get('job_id')
      const after = Number(url.searchParams.get('started_after') ?? 0)
      // newest first, as a history usually is
      return page(
        stub.runs
          .filter((r) => String(r.job_id) === job && Number(r.started_at) >= after)
          .sort((a, b) => Number(b.started_at) - Number(a.started_at)),
      )
    }
    const settings = /^\/jobs\/([^/]+)\/settings$/.exec(path)
    if (settings) {
      const s = stub.settings.get(settings[1]!)
      return s ? send(200, { data: s }) : send(404, { error: 'not found' })
    }
    const logs = /^\/jobruns\/([^/]+)\/logs$/.exec(path)
    if (logs) return send(200, stub.logs.get(logs[1]!) ?? { data: { list: [] } })
    return send(404, { error: `no route ${path}` })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  return {
    url: `http://127.0.0.1:${port}/public-api/v1`,
    ...stub,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
