// One send, bounded: the notifier gets an AbortSignal and a fetch bound to it, and a notifier
// that ignores the signal is abandoned when the timeout passes. Any failure comes back as a
// DeliveryError that says whether retrying can help. Every send's outcome passes here, so this
// is where the receiver's answer and the error text lose the channel's secrets, before anything
// stores, shows or logs them.
import { DeliveryError, type Notification, type Notifier, type SendResult } from '../notifier.js'
import { channelRedactor, type Redactor } from '../redact-text.js'

export async function sendWithTimeout<S>(
  notifier: Notifier<S>,
  n: Notification,
  settings: S,
  timeoutMs: number,
  fetchImpl: typeof fetch = fetch,
): Promise<SendResult> {
  const redact = channelRedactor(notifier.kind, settings)
  try {
    const res = await send(notifier, n, settings, timeoutMs, fetchImpl)
    return { ...res, detail: redact(res.detail) }
  } catch (err) {
    throw redactError(err as DeliveryError, redact)
  }
}

function redactError(e: DeliveryError, redact: Redactor): DeliveryError {
  return new DeliveryError(redact(e.message), e.retryable, e.retryAfterMs, e.status)
}

async function send<S>(
  notifier: Notifier<S>,
  n: Notification,
  settings: S,
  timeoutMs: number,
  fetchImpl: typeof fetch,
): Promise<SendResult> {
  const signal = AbortSignal.timeout(timeoutMs)
  const boundFetch: typeof fetch = (input, init) =>
    fetchImpl(input, { ...init, signal: init?.signal ? AbortSignal.any([signal, init.signal]) : signal })
  let onAbort: (() => void) | undefined
  const timedOut = new Promise<never>((_, reject) => {
    onAbort = () => reject(new DeliveryError(`timed out after ${timeoutMs} ms`, true))
    signal.addEventListener('abort', onAbort, { once: true })
  })
  try {
    return await Promise.race([notifier.send(n, settings, { signal, fetch: boundFetch }), timedOut])
  } catch (err) {
    if (signal.aborted) throw new DeliveryError(`timed out after ${timeoutMs} ms`, true)
    if (err instanceof DeliveryError) throw err
    // Unexpected (a bug, a network error the channel did not classify): retrying may help.
    throw new DeliveryError(err instanceof Error ? err.message : String(err), true)
  } finally {
    if (onAbort) signal.removeEventListener('abort', onAbort)
  }
}

/** How a failure is recorded: the message, with the receiver's status when there is one. */
export function describeFailure(err: DeliveryError): string {
  const text = err.message.slice(0, 500)
  return err.status !== null && !text.includes(String(err.status)) ? `HTTP ${err.status}: ${text}` : text
}
