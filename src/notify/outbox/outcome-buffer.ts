// The outcomes of one channel's sends, written together: the rows sent and the channel's state
// (its last success and last error) in one transaction, so a burst costs one commit per flush
// instead of two per delivery. A crash before the write resends those rows: delivery is
// at-least-once anyway, and receivers deduplicate on the idempotency key.
import type { Logger } from '../../log.js'
import type { CoreStore } from '../../store/store.js'

interface Sent {
  id: number
  at: number
  detail: string
  /** the row's claim ends here: it must be written well before, or another claimer resends it */
  claimedUntil: number
}

export class OutcomeBuffer {
  private sent: Sent[] = []
  private okAt: number | null = null
  private error: { message: string; at: number } | null = null
  private lastOk = true
  private writing: Promise<void> = Promise.resolve()

  constructor(
    private readonly store: CoreStore,
    private readonly owner: string,
    private readonly channel: string,
    private readonly log: Logger,
    /** a row whose claim ends within this is written at once */
    private readonly leaseMarginMs = 20_000,
  ) {}

  delivered(id: number, at: number, detail: string, claimedUntil = Number.POSITIVE_INFINITY): void {
    this.sent.push({ id, at, detail: detail.slice(0, 500), claimedUntil })
    this.ok(at)
  }

  ok(at: number): void {
    this.okAt = at
    this.lastOk = true
  }

  failed(message: string, at: number): void {
    this.error = { message, at }
    this.lastOk = false
  }

  /**
   * Worth writing before the channel's rows are done: many rows, the oldest waits long, or a
   * row's claim is about to end (a second process could take it and send it again).
   */
  due(now: number, maxRows = 100, maxAgeMs = 1_000): boolean {
    const first = this.sent[0]
    if (this.sent.length >= maxRows || (first !== undefined && now - first.at >= maxAgeMs)) return true
    return this.sent.some((s) => s.claimedUntil - now <= this.leaseMarginMs)
  }

  /** Writes what is buffered; flushes run one after the other, in order. Never rejects. */
  flush(): Promise<void> {
    const { sent, okAt, error, lastOk } = this
    this.sent = []
    this.okAt = null
    this.error = null
    this.lastOk = true
    if (sent.length === 0 && okAt === null && error === null) return this.writing
    this.writing = this.writing.then(() =>
      this.write(sent, okAt, error, lastOk).catch((err: unknown) => {
        // the rows keep their claim until the lease ends, then are sent again
        this.log.error('recording deliveries failed; the rows are retried after their lease', {
          channel: this.channel,
          deliveries: sent.length,
          error: err,
        })
      }),
    )
    return this.writing
  }

  private write(
    sent: Sent[],
    okAt: number | null,
    error: { message: string; at: number } | null,
    lastOk: boolean,
  ): Promise<void> {
    return this.store.transaction(async (tx) => {
      for (const s of sent) await tx.markDelivered(s.id, this.owner, s.at, s.detail)
      // the last outcome is written last: it decides whether the channel shows as failing
      const success = () => tx.recordChannelResult(this.channel, true, null, okAt!)
      const failure = () => tx.recordChannelResult(this.channel, false, error!.message, error!.at)
      if (lastOk) {
        if (error) await failure()
        if (okAt !== null) await success()
      } else {
        if (okAt !== null) await success()
        if (error) await failure()
      }
    })
  }
}
