// The notification outbox (issue 5): deliveries claimed under a lease by one instance at a time,
// and each channel's last result.
import type { ChannelState, DeliveryRecord, NewDelivery } from '../../domain/delivery-records.js'

export interface OutboxStore {
  /** Inserts deliveries, ignoring any whose idempotency key exists; returns how many were new. */
  enqueueDeliveries(rows: NewDelivery[], now: number): Promise<number>
  /**
   * Claims up to `limit` due deliveries (pending and due, or sending with an expired lease) for
   * `owner` until now + leaseMs, with a compare-and-set: two claimers never get the same row.
   */
  claimDeliveries(now: number, owner: string, leaseMs: number, limit: number): Promise<DeliveryRecord[]>
  /** The claimed delivery was sent (attempts + 1); false when `owner` no longer holds the claim. */
  markDelivered(id: number, owner: string, now: number, detail: string): Promise<boolean>
  /** The attempt failed but may succeed later: pending again at nextAt (attempts + 1). */
  rescheduleDelivery(id: number, owner: string, nextAt: number, error: string, now: number): Promise<boolean>
  /** The claimed delivery is not to be sent after all (status suppressed, with the reason). */
  skipDelivery(id: number, owner: string, reason: string, now: number): Promise<boolean>
  /** The delivery failed for good (attempts + 1). */
  failDelivery(id: number, owner: string, error: string, now: number): Promise<boolean>
  /** Gives back a claimed delivery that was not attempted (rate limit, stop): pending at nextAt. */
  releaseDelivery(id: number, owner: string, nextAt: number): Promise<boolean>
  /** Gives back several claimed rows at once (those `owner` still holds); returns how many. */
  releaseDeliveries(ids: number[], owner: string, nextAt: number): Promise<number>
  /** Records a channel's last success, or its last error (and marks it failing). */
  recordChannelResult(channel: string, ok: boolean, error: string | null, now: number): Promise<void>
  channelStates(): Promise<ChannelState[]>
  /** Deliveries not yet finished (pending or sending) per channel; channels with none are absent. */
  pendingCounts(): Promise<Record<string, number>>
  /** The notification history of an alert, oldest first. */
  deliveriesForAlert(alertId: number): Promise<DeliveryRecord[]>
  /** When the next delivery becomes claimable (a pending attempt or an expiring lease). */
  earliestDeliveryAt(): Promise<number | null>
}
