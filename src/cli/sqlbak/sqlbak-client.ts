// SqlBak's public REST API as the SqlBak article shows it: `X-SqlBak-Token`, lists under
// `data.list` paged with `page`/`page_size` until `has_more` is false, times in epoch ms.
import { CliError } from '../api-client.js'

export const DEFAULT_SQLBAK_API = 'https://sqlbak.com/public-api/v1'

/** Longest list followed (pages of 100): a guard against an API that always says has_more. */
const MAX_PAGES = 1000

export type SqlBakObject = Record<string, unknown>

export class SqlBakClient {
  readonly base: string

  constructor(
    base: string,
    private readonly token: string,
    private readonly timeoutMs = 30_000,
  ) {
    this.base = base.replace(/\/+$/, '')
  }

  async get(path: string, params: Record<string, string | number> = {}): Promise<unknown> {
    const url = new URL(`${this.base}/${path.replace(/^\/+/, '')}`)
    for (const [k, v] of Object.entries(params)) url.searchParams.set(k, String(v))
    let res: Response
    try {
      res = await fetch(url, {
        headers: { 'X-SqlBak-Token': this.token, Accept: 'application/json' },
        signal: AbortSignal.timeout(this.timeoutMs),
      })
    } catch (err) {
      throw new CliError(`cannot reach SqlBak at ${url.origin}: ${(err as Error).message}`)
    }
    const text = await res.text()
    // the token is a header, never part of the URL: the path is safe to show
    if (res.status === 401 || res.status === 403)
      throw new CliError(`SqlBak refused the token (${res.status} on ${url.pathname})`)
    if (!res.ok) throw new CliError(`SqlBak answered ${res.status} on ${url.pathname}: ${text.slice(0, 200)}`)
    try {
      return JSON.parse(text)
    } catch {
      throw new CliError(
        `SqlBak answered ${url.pathname} with something that is not JSON: ${text.slice(0, 100)}`,
      )
    }
  }

  /** Every item of a paged list. */
  async list(path: string, params: Record<string, string | number> = {}): Promise<SqlBakObject[]> {
    const items: SqlBakObject[] = []
    for (let page = 1; page <= MAX_PAGES; page++) {
      const body = (await this.get(path, { ...params, page, page_size: 100 })) as { data?: unknown }
      const data = body?.data as { list?: unknown; has_more?: unknown } | undefined
      if (!data || !Array.isArray(data.list))
        throw new CliError(
          `SqlBak answered ${path} without data.list: is --api-url the public API (…/public-api/v1)?`,
        )
      items.push(...(data.list.filter((x) => x !== null && typeof x === 'object') as SqlBakObject[]))
      if (data.has_more !== true) return items
    }
    throw new CliError(`SqlBak's ${path} did not end after ${MAX_PAGES} pages`)
  }
}
