// The outbox's rows as the store hands them out: one delivery per (alert, transition, channel),
// and the last outcome per channel. Plain facts; the dispatcher decides what to do with them.
/** What happened to an alert that a channel is told. `batch`: several notifications of one
 * rate-limited channel sent as one message (the dispatcher). */
export type Transition =
  | 'opened'
  | 'resolved'
  | 'repeat'
  | 'escalated'
  | 'test'
  | 'digest'
  | 'batch'
  /** a scheduled fleet report: no alert */
  | 'report'

export const DELIVERY_STATUSES = ['pending', 'sending', 'sent', 'failed', 'suppressed'] as const
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number]

export interface NewDelivery {
  /** the alert's project: its channels */
  projectId: number
  alertId: number | null
  /** the channel's configured name */
  channel: string
  transition: Transition
  /** stable per (alert, transition, channel): a second enqueue of the same key is ignored */
  idempotencyKey: string
  /** JSON of the Notification as it was when the transition happened */
  payload: string
  /** when the first attempt is due (default: now) */
  nextAttemptAt?: number
  /** 'suppressed': recorded (a silence) but never sent; default 'pending' */
  status?: 'pending' | 'suppressed'
  /** why it is suppressed (shown in the alert's notification history) */
  reason?: string
}

export interface DeliveryRecord {
  id: number
  projectId: number
  alertId: number | null
  channel: string
  transition: Transition
  idempotencyKey: string
  payload: string
  status: DeliveryStatus
  /** send attempts made so far (the successful one included) */
  attempts: number
  nextAttemptAt: number
  /** while status is 'sending': the claim's lease ends here */
  claimedUntil: number | null
  claimedBy: string | null
  lastError: string | null
  /** the receiver's answer to the successful attempt */
  detail: string | null
  createdAt: number
  sentAt: number | null
}

export interface ChannelState {
  projectId: number
  channel: string
  lastSuccessAt: number | null
  lastError: string | null
  lastErrorAt: number | null
  /** the last attempt failed */
  failing: boolean
}
