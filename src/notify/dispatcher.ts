// Delivers the outbox. Wakes at the earliest due delivery (no periodic scan), claims a batch with
// a compare-and-set (safe with several processes on one database), sends each row with a timeout
// — channels concurrently, rows of one channel in order — and records the outcome: delivered,
// retried later with backoff, or failed for good. A bad row never stops the loop; a stop lets
// the sends in flight finish and gives the untouched rows back.
import { randomBytes } from 'node:crypto'
import { hostname } from 'node:os'
import type { Clock } from '../clock.js'
import type { Logger } from '../log.js'
import type { Store } from '../store/store.js'
import { WakeLoop } from '../wake-loop.js'
import { type ChannelKind, DeliveryError, type Notification, type Notifier } from './notifier.js'
import { retryDelay } from './outbox/backoff.js'
import type { DeliveryRecord } from './outbox/records.js'
import { describeFailure, sendWithTimeout } from './outbox/send-with-timeout.js'
import { TokenBucket } from './outbox/token-bucket.js'
import { repeatDelivery } from './outbox-sink.js'

export interface ChannelConfig {
  /** the channel's configured name (deliveries refer to it) */
  name: string
  /** ms between reminders of a still-active critical alert (null or absent: none) */
  repeatIntervalMs?: number | null
  kind: ChannelKind
  /** validated by the kind's notifier before each send */
  settings: unknown
  /** sends per second, e.g. 1 for Slack; rows over the limit wait in the outbox */
  rateLimitPerSecond?: number
}

export interface DispatcherOptions {
  store: Store
  clock: Clock
  log: Logger
  // biome-ignore lint/suspicious/noExplicitAny: each notifier validates its own settings type
  notifiers: Partial<Record<ChannelKind, Notifier<any>>>
  /** the channels in force (read at every batch, so a reload applies) */
  channels: () => ChannelConfig[]
  /** the claim owner; default host:pid:random */
  owner?: string
  timeoutMs?: number
  maxAttempts?: number
  leaseMs?: number
  baseBackoffMs?: number
  maxBackoffMs?: number
  batchSize?: number
  /** longest sleep: bounds the effect of wall-clock jumps and of rows written by other processes */
  maxSleepMs?: number
  /** how long stop() waits for the sends in flight */
  stopTimeoutMs?: number
  /** uniform in [0, 1), for the backoff jitter */
  random?: () => number
  fetch?: typeof fetch
}

type Outcome = 'sent' | 'retry' | 'failed' | 'deferred'

export class Dispatcher {
  readonly owner: string
  private readonly timeoutMs: number
  private readonly maxAttempts: number
  private readonly leaseMs: number
  private readonly buckets = new Map<string, { rate: number; bucket: TokenBucket }>()
  private readonly loop: WakeLoop

  constructor(private readonly opts: DispatcherOptions) {
    this.owner = opts.owner ?? `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`
    this.timeoutMs = opts.timeoutMs ?? 10_000
    this.maxAttempts = opts.maxAttempts ?? 20
    this.leaseMs = opts.leaseMs ?? 60_000
    if (this.leaseMs <= this.timeoutMs) {
      throw new RangeError(`leaseMs (${this.leaseMs}) must exceed timeoutMs (${this.timeoutMs})`)
    }
    this.loop = new WakeLoop({
      clock: opts.clock,
      log: opts.log,
      name: 'dispatcher',
      pass: () => this.pass(),
      nextDueAt: () => opts.store.earliestDeliveryAt(),
      ...(opts.maxSleepMs !== undefined && { maxSleepMs: opts.maxSleepMs }),
    })
  }

  private get stopped(): boolean {
    return this.loop.isStopped
  }

  start(): void {
    this.loop.start()
  }

  /**
   * Stops claiming and waits (bounded) for the sends in flight to finish and be recorded. Claimed
   * rows it never attempted go back to pending; a send cut off by the bound keeps its claim until
   * the lease expires, then another process (or the restart) sends it again.
   */
  stop(): Promise<void> {
    return this.loop.stop(this.opts.stopTimeoutMs ?? this.timeoutMs + 5_000)
  }

  /** A delivery is due at `at` (just enqueued, or retried): wake earlier if needed. */
  notifyDue(at: number): void {
    this.loop.notifyDue(at)
  }

  /** Delivers what is due now; resolves when the pass (and any pass it triggered) has finished. */
  kick(): Promise<void> {
    return this.loop.kick()
  }

  /** Claims and handles one batch; returns how many rows were claimed. */
  private async pass(): Promise<number> {
    const { store, clock } = this.opts
    const claimed = await store.claimDeliveries(
      clock.now(),
      this.owner,
      this.leaseMs,
      this.opts.batchSize ?? 100,
    )
    if (claimed.length === 0) return 0
    const byChannel = new Map<string, DeliveryRecord[]>()
    for (const row of claimed) {
      const rows = byChannel.get(row.channel)
      if (rows) rows.push(row)
      else byChannel.set(row.channel, [row])
    }
    const channels = new Map(this.opts.channels().map((c) => [c.name, c]))
    await Promise.all([...byChannel].map(([name, rows]) => this.sendChannel(channels.get(name), name, rows)))
    return claimed.length
  }

  /** The rows of one channel, in order; after a retry or the rate limit, the rest wait too. */
  private async sendChannel(channel: ChannelConfig | undefined, name: string, rows: DeliveryRecord[]) {
    let holdUntil: number | null = null
    for (const row of rows) {
      try {
        if (this.stopped || holdUntil !== null) {
          // Never attempted: give it back now rather than waiting for the lease to expire.
          await this.opts.store.releaseDelivery(
            row.id,
            this.owner,
            Math.max(row.nextAttemptAt, holdUntil ?? 0),
          )
          continue
        }
        const outcome = await this.deliver(channel, name, row)
        if (outcome.result === 'retry' || outcome.result === 'deferred') holdUntil = outcome.nextAt
      } catch (err) {
        // A store error: the row keeps its claim until the lease expires, then is retried.
        this.opts.log.error('delivery bookkeeping failed; the row is retried after its lease', {
          delivery: row.id,
          channel: name,
          error: err,
        })
      }
    }
  }

  private async deliver(
    channel: ChannelConfig | undefined,
    name: string,
    row: DeliveryRecord,
  ): Promise<{ result: Outcome; nextAt: number }> {
    const { store, clock, log } = this.opts
    const fail = async (error: string, markChannel: boolean) => {
      const now = clock.now()
      await store.failDelivery(row.id, this.owner, error, now)
      if (markChannel) await store.recordChannelResult(name, false, error, now)
      log.error('delivery failed', { delivery: row.id, channel: name, error })
      return { result: 'failed' as const, nextAt: now }
    }
    if (!channel) return fail(`channel "${name}" is not configured (removed from the configuration?)`, false)
    const notifier = this.opts.notifiers[channel.kind]
    if (!notifier) return fail(`no notifier for channel kind "${channel.kind}"`, true)
    const parsed = notifier.settings.safeParse(channel.settings)
    if (!parsed.success) return fail(`invalid settings for channel "${name}": ${parsed.error.message}`, true)
    let n: Notification
    try {
      n = JSON.parse(row.payload) as Notification
    } catch {
      return fail('unreadable payload (not JSON)', false)
    }
    if (row.transition === 'repeat') {
      const alert = await store.getAlert(row.alertId)
      if (alert?.status !== 'active' || alert.severity !== 'critical') {
        await store.skipDelivery(
          row.id,
          this.owner,
          'the alert is no longer active and critical',
          clock.now(),
        )
        return { result: 'sent', nextAt: clock.now() }
      }
    }
    const wait = this.bucketFor(channel)?.take(clock.now()) ?? 0
    if (wait > 0) {
      const nextAt = clock.now() + wait
      await store.releaseDelivery(row.id, this.owner, nextAt)
      return { result: 'deferred', nextAt }
    }
    try {
      const res = await sendWithTimeout(notifier, n, parsed.data, this.timeoutMs, this.opts.fetch)
      const now = clock.now()
      await store.markDelivered(row.id, this.owner, now, `${res.status} ${res.detail}`.slice(0, 500))
      await store.recordChannelResult(name, true, null, now)
      if (row.transition === 'repeat' && channel.repeatIntervalMs)
        await this.nextRepeat(row, n, channel.repeatIntervalMs, now)
      return { result: 'sent', nextAt: now }
    } catch (err) {
      const e = err instanceof DeliveryError ? err : new DeliveryError(String(err), true)
      const error = describeFailure(e)
      const attempts = row.attempts + 1
      if (!e.retryable) return fail(error, true)
      if (attempts >= this.maxAttempts) return fail(`${error} (gave up after ${attempts} attempts)`, true)
      const now = clock.now()
      const nextAt =
        now +
        retryDelay(row.attempts, e.retryAfterMs, {
          baseMs: this.opts.baseBackoffMs ?? 1_000,
          maxMs: this.opts.maxBackoffMs ?? 3_600_000,
          random: this.opts.random ?? Math.random,
        })
      await store.rescheduleDelivery(row.id, this.owner, nextAt, error, now)
      await store.recordChannelResult(name, false, error, now)
      log.warn('delivery failed; retrying', { delivery: row.id, channel: name, attempts, nextAt, error })
      return { result: 'retry', nextAt }
    }
  }

  /** After the k-th reminder, the (k+1)-th, due exactly one interval after the k-th was due. */
  private async nextRepeat(row: DeliveryRecord, n: Notification, intervalMs: number, now: number) {
    const dueAt = Date.parse(n.at) + intervalMs
    // Same key with the next number: `…-repeat-<channel>-<k>` → `…-<k+1>`.
    const m = /^(.*)-(\d+)$/.exec(row.idempotencyKey)
    const next = repeatDelivery(n.alert, row.channel, dueAt, Number(m?.[2] ?? 1) + 1)
    if (m) next.idempotencyKey = `${m[1]}-${Number(m[2]) + 1}`
    next.payload = JSON.stringify({ ...JSON.parse(next.payload), idempotencyKey: next.idempotencyKey })
    await this.opts.store.enqueueDeliveries([next], now)
    this.notifyDue(dueAt)
  }

  private bucketFor(channel: ChannelConfig): TokenBucket | null {
    const rate = channel.rateLimitPerSecond
    if (!rate || rate <= 0) return null
    const known = this.buckets.get(channel.name)
    if (known && known.rate === rate) return known.bucket
    const bucket = new TokenBucket(rate)
    this.buckets.set(channel.name, { rate, bucket })
    return bucket
  }
}
