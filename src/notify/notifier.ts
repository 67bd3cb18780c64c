// The contract between the dispatcher and a channel kind (issue 5). A channel only formats and
// sends: it returns what the receiver answered or throws a DeliveryError that says whether a
// retry can help. Retries, backoff, rate limits and bookkeeping live in the dispatcher.
import type { z } from 'zod'
import type { ChannelKind } from '../config/channels/kinds.js'
import type { Transition } from '../domain/delivery-records.js'

/** An alert as channels see it: the API's Alert JSON plus what routing and messages need. */
export interface AlertView {
  id: number
  type: string
  severity: 'critical' | 'warning' | 'info'
  status: 'active' | 'resolved'
  job: string | null
  server: string | null
  environment: string | null
  tags: string[]
  summary: string
  details: Record<string, unknown>
  opened_at: string
  resolved_at: string | null
  /** the failed run's log tail, when the alert is about a run and it has one */
  log_tail: string | null
  /** link to the alert in Backwatch (`<base_url>/api/v1/alerts/<id>`) */
  url: string
}

export type { ChannelKind, Transition }

export interface Notification {
  transition: Transition
  alert: AlertView
  /** stable per (alert, transition, channel): receivers that deduplicate use it */
  idempotencyKey: string
  /** when the transition happened (ISO 8601 UTC) */
  at: string
}

export interface SendContext {
  /** aborts the send when the dispatcher's timeout passes */
  signal: AbortSignal
  /** fetch with the signal applied; tests and the dispatcher share it */
  fetch: typeof fetch
}

export interface SendResult {
  /** the receiver's HTTP status (or the command's exit code) */
  status: number
  /** a short excerpt of the receiver's answer, for the channel's status and the test endpoint */
  detail: string
}

export class DeliveryError extends Error {
  constructor(
    message: string,
    /** network errors, timeouts, 408, 425, 429 and 5xx: retrying can help */
    readonly retryable: boolean,
    /** the receiver's Retry-After, in ms */
    readonly retryAfterMs: number | null = null,
    readonly status: number | null = null,
  ) {
    super(message)
  }
}

export interface Notifier<S = unknown> {
  kind: ChannelKind
  /** the channel's own settings (the flat map of SPEC §7 minus the routing keys), validated */
  settings: z.ZodType<S>
  send(n: Notification, settings: S, ctx: SendContext): Promise<SendResult>
  /** the service's own limit (sends per second); over it, waiting rows are sent as one batch */
  rateLimitPerSecond?: number
  /** false: every notification must stay one event of its own (dedup keys per alert), never a batch */
  coalesce?: false
  /** sends in flight at once per channel (default: the dispatcher's); 1 for programs and SMTP */
  maxInFlight?: number
}
