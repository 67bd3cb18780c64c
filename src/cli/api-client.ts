// A small client for the commands that talk to a running server (BACKWATCH_URL, BACKWATCH_TOKEN).

export interface ClientOptions {
  url: string
  token: string | null
}

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
    /** the API's HTTP status when the server refused the request */
    readonly status: number | null = null,
  ) {
    super(message)
  }
}

export function clientOptions(flags: {
  url?: string | undefined
  token?: string | undefined
}): ClientOptions {
  const url = (flags.url ?? process.env.BACKWATCH_URL ?? 'http://127.0.0.1:8080').replace(/\/+$/, '')
  const token = flags.token ?? process.env.BACKWATCH_TOKEN ?? process.env.BACKWATCH_API_TOKEN ?? null
  return { url, token }
}

export async function apiRequest<T>(
  opts: ClientOptions,
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  if (!opts.token) throw new CliError('no API token: pass --token or set BACKWATCH_TOKEN', 2)
  let res: Response
  try {
    res = await fetch(`${opts.url}/api/v1${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${opts.token}`,
        ...(body !== undefined && { 'Content-Type': 'application/json' }),
      },
      ...(body !== undefined && { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(15_000),
    })
  } catch (err) {
    throw new CliError(`cannot reach Backwatch at ${opts.url}: ${(err as Error).message}`)
  }
  const text = await res.text()
  let json: unknown = null
  try {
    json = text ? JSON.parse(text) : null
  } catch {
    // not JSON: reported below
  }
  if (!res.ok) {
    const err = (json as { error?: { message?: string; details?: unknown } } | null)?.error
    const details = Array.isArray(err?.details)
      ? (err.details as { path?: string; message?: string }[])
          .map((d) => `\n  ${d.path ? `${d.path}: ` : ''}${d.message ?? ''}`)
          .join('')
      : ''
    throw new CliError(
      `${res.status}: ${err?.message ?? (text.slice(0, 200) || res.statusText)}${details}`,
      1,
      res.status,
    )
  }
  return json as T
}

/**
 * The items of a paged list (`{items, next_cursor}`), following cursors until `max` items or the
 * end. `path` may carry a query string already.
 */
export async function listItems<T>(opts: ClientOptions, path: string, max = Number.POSITIVE_INFINITY) {
  const items: T[] = []
  let cursor: string | null = null
  do {
    const size = Math.min(500, max - items.length)
    const sep = path.includes('?') ? '&' : '?'
    const page: { items: T[]; next_cursor: string | null } = await apiRequest(
      opts,
      'GET',
      `${path}${sep}limit=${size}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    )
    items.push(...page.items)
    cursor = page.next_cursor
  } while (cursor && items.length < max)
  return items
}
