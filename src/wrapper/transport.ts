// Sends one report with short timeouts and a few retries, and says whether a failure is worth
// retrying later (network, timeout, 408, 429, 5xx) or permanent (any other 4xx).
import { VERSION } from '../version.js'

export interface OutgoingRequest {
  url: string
  method: string
  contentType: string | null
  body: Buffer | null
  /** sent with the request, never stored */
  token: string | null
}

export type SendResult =
  | { ok: true; status: number; body: string }
  | { ok: false; transient: boolean; status: number | null; message: string }

export interface SendPolicy {
  attempts: number
  /** per attempt */
  timeoutMs: number
  /** pauses before the 2nd, 3rd… attempt */
  backoffMs: readonly number[]
  /** epoch ms after which nothing more is tried */
  deadline?: number
  /** aborts everything (the wrapper is being stopped) */
  signal?: AbortSignal
}

/** The least time worth an attempt. */
const MIN_ATTEMPT_MS = 100

export function isTransientStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500
}

/** The server's own words: `{"error":{"message"}}`, else the start of the body. */
function errorMessage(status: number, text: string): string {
  let message = ''
  try {
    const json = JSON.parse(text) as { error?: { message?: unknown } | string }
    const e = json.error
    message = typeof e === 'string' ? e : typeof e?.message === 'string' ? e.message : ''
  } catch {
    // not JSON
  }
  if (!message) message = text.trim().replace(/\s+/g, ' ').slice(0, 200)
  return message ? `${status} ${message}` : `HTTP ${status}`
}

function networkMessage(err: unknown, timedOut: boolean): string {
  if (timedOut) return 'timed out'
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } }
  if (e?.name === 'AbortError') return 'aborted'
  const cause = e?.cause
  if (cause?.code)
    return `${cause.code}${cause.message?.includes(cause.code) ? '' : `: ${cause.message ?? ''}`}`
  return cause?.message ?? e?.message ?? String(err)
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve()
    const t = setTimeout(done, ms)
    function done() {
      clearTimeout(t)
      signal?.removeEventListener('abort', done)
      resolve()
    }
    signal?.addEventListener('abort', done, { once: true })
  })
}

async function attempt(req: OutgoingRequest, timeoutMs: number, signal?: AbortSignal): Promise<SendResult> {
  const timeout = AbortSignal.timeout(timeoutMs)
  const headers: Record<string, string> = { 'User-Agent': `backwatch/${VERSION}` }
  if (req.contentType) headers['Content-Type'] = req.contentType
  if (req.token) headers.Authorization = `Bearer ${req.token}`
  try {
    const res = await fetch(req.url, {
      method: req.method,
      headers,
      ...(req.body && { body: req.body }),
      redirect: 'manual',
      signal: signal ? AbortSignal.any([timeout, signal]) : timeout,
    })
    const text = await res.text()
    if (res.status >= 200 && res.status < 300) return { ok: true, status: res.status, body: text }
    return {
      ok: false,
      transient: isTransientStatus(res.status),
      status: res.status,
      message: errorMessage(res.status, text),
    }
  } catch (err) {
    return { ok: false, transient: true, status: null, message: networkMessage(err, timeout.aborted) }
  }
}

export async function send(req: OutgoingRequest, policy: SendPolicy): Promise<SendResult> {
  let last: SendResult = { ok: false, transient: true, status: null, message: 'not sent (no time left)' }
  for (let i = 0; i < policy.attempts; i++) {
    if (i > 0) {
      const pause = policy.backoffMs[Math.min(i - 1, policy.backoffMs.length - 1)] ?? 0
      const left = policy.deadline === undefined ? pause : policy.deadline - Date.now() - MIN_ATTEMPT_MS
      if (left <= 0) break
      await sleep(Math.min(pause, left), policy.signal)
    }
    if (policy.signal?.aborted) {
      return i === 0 ? { ok: false, transient: true, status: null, message: 'aborted' } : last
    }
    const left = policy.deadline === undefined ? policy.timeoutMs : policy.deadline - Date.now()
    if (left < MIN_ATTEMPT_MS) break
    last = await attempt(req, Math.min(policy.timeoutMs, left), policy.signal)
    if (last.ok || !last.transient) return last
  }
  return last
}
