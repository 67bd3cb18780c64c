// Sends the spooled reports, oldest first: each that is accepted or permanently refused is
// removed (saying why when refused), the first transient failure stops the round and keeps the
// rest for the next invocation. Reports older than MAX_AGE are dropped with a notice.
import { decodeBody, type Spool } from './spool.js'
import { send } from './transport.js'

export const MAX_AGE_MS = 7 * 24 * 3600_000

export interface FlushOptions {
  spool: Spool
  /** the API base URL and token of this invocation; API reports for another URL are left alone */
  api: { base: string; token: string } | null
  timeoutMs: number
  /** stops the round (the command ended and the time is up, or the wrapper is stopped) */
  signal?: AbortSignal
  notice(message: string): void
  now?: () => number
}

export interface FlushResult {
  sent: number
  dropped: number
  kept: number
}

/**
 * Lists the spool synchronously, before its first await, so that reports spooled after the call
 * are not part of this round.
 */
export async function flushSpool(opts: FlushOptions): Promise<FlushResult> {
  const { spool, notice } = opts
  const now = opts.now ?? Date.now
  const pending = spool.pending()
  const result: FlushResult = { sent: 0, dropped: 0, kept: pending.length }
  let apiRefused = false
  for (const entry of pending) {
    if (opts.signal?.aborted) break
    const claimed = spool.claim(entry)
    if (!claimed) continue
    const report = spool.read(claimed)
    if (!report) {
      result.kept--
      result.dropped++
      continue
    }
    const created = Date.parse(report.created_at)
    if (!(now() - created <= MAX_AGE_MS)) {
      spool.remove(`${entry.name}.claim-${process.pid}`)
      notice(`dropped a spooled report older than 7 days: ${report.description} (${report.created_at})`)
      result.kept--
      result.dropped++
      continue
    }
    let token: string | null = null
    if (report.target === 'api') {
      // the token of this invocation goes only to the Backwatch it was given for
      if (!opts.api || apiRefused || !report.url.startsWith(`${opts.api.base}/api/`)) {
        spool.release(entry, claimed)
        continue
      }
      token = opts.api.token
    }
    const res = await send(
      {
        url: report.url,
        method: report.method,
        contentType: report.content_type,
        body: decodeBody(report),
        token,
      },
      { attempts: 1, timeoutMs: opts.timeoutMs, backoffMs: [], ...(opts.signal && { signal: opts.signal }) },
    )
    if (res.ok) {
      spool.remove(`${entry.name}.claim-${process.pid}`)
      result.sent++
      result.kept--
      continue
    }
    if (res.transient) {
      spool.release(entry, claimed)
      break
    }
    if (report.target === 'api' && (res.status === 401 || res.status === 403)) {
      // this invocation's token is wrong, not the report: keep it for one with a good token
      spool.release(entry, claimed)
      apiRefused = true
      notice(`spooled reports not sent: ${res.message}`)
      continue
    }
    spool.remove(`${entry.name}.claim-${process.pid}`)
    notice(`dropped a spooled report Backwatch refused: ${report.description}: ${res.message}`)
    result.dropped++
    result.kept--
  }
  return result
}
