// The one place channels talk HTTP: send a request built by a pure body builder and classify the
// answer. 2xx → SendResult; network errors, timeouts, 408, 425, 429 and 5xx → retryable
// DeliveryError (with Retry-After); any other status → permanent DeliveryError.
import { DeliveryError, type SendContext, type SendResult } from '../notifier.js'

export interface HttpRequest {
  method: 'POST'
  url: string
  headers: Record<string, string>
  body: string
}

/** A JSON POST: the payload serialized, `content-type: application/json` plus any `headers`. */
export function jsonPost(url: string, payload: unknown, headers: Record<string, string> = {}): HttpRequest {
  return {
    method: 'POST',
    url,
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(payload),
  }
}

const DETAIL_MAX = 200
/** enough of an answer for its message and retry hints; the rest is not read */
const ANSWER_MAX = 64 * 1024
const RETRYABLE_STATUSES = new Set([408, 425, 429])

export function isRetryableStatus(status: number): boolean {
  return RETRYABLE_STATUSES.has(status) || status >= 500
}

/** Retry-After as ms: delay-seconds or an HTTP date; null when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, now: number): number | null {
  if (!value) return null
  const text = value.trim()
  if (/^\d+$/.test(text)) return Number(text) * 1000
  const at = Date.parse(text)
  if (Number.isNaN(at)) return null
  return Math.max(0, at - now)
}

/** A short, single-line excerpt of a receiver's answer. */
export function excerpt(text: string): string {
  return text.replace(/\s+/g, ' ').trim().slice(0, DETAIL_MAX)
}

/**
 * Sends the request with the dispatcher's signal. Error messages never include the URL: some
 * carry secrets (Telegram bot tokens, Slack/Discord webhook paths).
 */
export async function httpSend(req: HttpRequest, ctx: SendContext, what: string): Promise<SendResult> {
  let headers: Headers
  try {
    headers = new Headers(req.headers)
  } catch (err) {
    // a header value fetch refuses (non-Latin-1, line breaks) fails the same way every time
    throw new DeliveryError(`${what}: invalid request header (${(err as Error).message})`, false)
  }
  let res: Response
  try {
    res = await ctx.fetch(req.url, {
      method: req.method,
      headers,
      body: req.body,
      signal: ctx.signal,
      redirect: 'manual',
    })
  } catch (err) {
    const reason = ctx.signal.aborted ? 'timed out' : describeNetworkError(err)
    throw new DeliveryError(`${what}: ${reason}`, true)
  }
  const ok = res.status >= 200 && res.status < 300
  const text = await readAtMost(res, ANSWER_MAX)
  if (ok) return { status: res.status, detail: excerpt(text) }
  const retryable = isRetryableStatus(res.status)
  const retryAfterMs = retryable
    ? (parseRetryAfter(res.headers.get('retry-after'), Date.now()) ?? retryAfterInBody(text))
    : null
  const answer = excerpt(text)
  const message = `${what}: HTTP ${res.status}${answer ? ` ${answer}` : ''}`
  throw new DeliveryError(message, retryable, retryAfterMs, res.status)
}

/**
 * Retry hints some services put in the JSON body instead of (or besides) the header, in seconds:
 * Telegram `parameters.retry_after`, Discord `retry_after`.
 */
export function retryAfterInBody(text: string): number | null {
  if (!text.startsWith('{')) return null
  try {
    const body = JSON.parse(text) as { retry_after?: unknown; parameters?: { retry_after?: unknown } }
    const seconds = body.parameters?.retry_after ?? body.retry_after
    return typeof seconds === 'number' && Number.isFinite(seconds) && seconds >= 0
      ? Math.ceil(seconds * 1000)
      : null
  } catch {
    return null
  }
}

/**
 * The first `max` bytes of the answer as text. A body cut short or unreadable is not an error:
 * the status already says what happened.
 */
async function readAtMost(res: Response, max: number): Promise<string> {
  if (!res.body) return ''
  const reader = res.body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  try {
    while (size < max) {
      const { done, value } = await reader.read()
      if (done) break
      chunks.push(value)
      size += value.byteLength
    }
  } catch {
    // keep what arrived
  } finally {
    reader.cancel().catch(() => {})
  }
  return Buffer.concat(chunks).subarray(0, max).toString('utf8')
}

function describeNetworkError(err: unknown): string {
  if (!(err instanceof Error)) return String(err)
  const cause = (err as { cause?: unknown }).cause
  if (cause instanceof Error) {
    const code = (cause as { code?: unknown }).code
    return typeof code === 'string' ? `${err.message} (${code})` : `${err.message} (${cause.message})`
  }
  return err.message
}

/** `base` without trailing slashes + `path` (which starts with "/"). */
export function joinUrl(base: string, path: string): string {
  return base.replace(/\/+$/, '') + path
}

/**
 * A header value that fetch accepts: printable ASCII as is, anything else as one RFC 2047
 * encoded word (`=?UTF-8?B?…?=`, which ntfy ≥ 2.4 decodes). Line breaks become spaces.
 */
export function headerText(value: string): string {
  const flat = value.replace(/[\r\n]+/g, ' ')
  if (/^[\x20-\x7e]*$/.test(flat)) return flat
  return `=?UTF-8?B?${Buffer.from(flat, 'utf8').toString('base64')}?=`
}
