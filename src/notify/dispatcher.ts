// Delivers the outbox. Wakes at the earliest due delivery (no periodic scan), claims a batch with
// a compare-and-set (safe with several processes on one database), sends with a timeout —
// channels concurrently; within a channel a few sends at once, one alert's rows strictly in
// order — and records the outcome: delivered, retried later with backoff, or failed for good.
// A channel with a rate limit sends what waits for it as one batch message instead of one
// message per token. A bad row never stops the loop; a stop lets the sends in flight finish and
// gives the untouched rows back.
import { randomBytes } from 'node:crypto'
import { hostname } from 'node:os'
import type { Clock } from '../clock.js'
import type { DeliveryRecord } from '../domain/delivery-records.js'
import type { Logger } from '../log.js'
import type { Store } from '../store/store.js'
import { WakeLoop } from '../wake-loop.js'
import { batchNotification, chunk } from './batch.js'
import {
  type AlertView,
  type ChannelKind,
  DeliveryError,
  type Notification,
  type Notifier,
} from './notifier.js'
import { runInLanes } from './outbox/alert-lanes.js'
import { retryDelay } from './outbox/backoff.js'
import { nextReminder } from './outbox/next-reminder.js'
import { OutcomeBuffer } from './outbox/outcome-buffer.js'
import { describeFailure, sendWithTimeout } from './outbox/send-with-timeout.js'
import { TokenBucket } from './outbox/token-bucket.js'
import { channelRedactor } from './redact-text.js'

export interface ChannelConfig {
  /** the channel's configured name (deliveries refer to it) */
  name: string
  /** ms between reminders of a still-active critical alert (null or absent: none) */
  repeatIntervalMs?: number | null
  kind: ChannelKind
  /** validated by the kind's notifier before each send */
  settings: unknown
  /** sends per second; default: the kind's own limit (Slack 1, Discord 2, Telegram 1, else none) */
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
  /**
   * Why a reminder of `alert` is held back now (a silence matching it), or null. A held-back
   * reminder is recorded as suppressed and the next one is still scheduled.
   */
  silencedBy?: (alert: AlertView, now: number) => Promise<string | null>
  /**
   * A claimed row names a channel missing from channels(): perhaps created by another instance
   * a moment ago. Reloads and answers whether to give the rows back (to be sent with the fresh
   * list) or why they fail for good. Default: fail as not configured.
   */
  missingChannel?: (name: string) => Promise<{ retry: true } | { error: string }>
  /** the claim owner; default host:pid:random */
  owner?: string
  timeoutMs?: number
  maxAttempts?: number
  leaseMs?: number
  baseBackoffMs?: number
  maxBackoffMs?: number
  batchSize?: number
  /** sends in flight at once per channel without a rate limit (one alert's rows never overlap) */
  inFlightPerChannel?: number
  /** longest sleep: bounds the effect of wall-clock jumps and of rows written by other processes */
  maxSleepMs?: number
  /** how long stop() waits for the sends in flight */
  stopTimeoutMs?: number
  /** uniform in [0, 1), for the backoff jitter */
  random?: () => number
  fetch?: typeof fetch
}

/** A row ready to send, with its notification. */
interface Ready {
  row: DeliveryRecord
  n: Notification
}

/** One channel's rows in one pass: what it sends with, and what holds the rest back. */
interface ChannelRun {
  name: string
  channel: ChannelConfig
  // biome-ignore lint/suspicious/noExplicitAny: settings were validated by this notifier
  notifier: Notifier<any>
  settings: unknown
  bucket: TokenBucket | null
  outcomes: OutcomeBuffer
  /** after a retry or the rate limit: the rows not started yet wait until then */
  holdUntil: number | null
}

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
      this.opts.batchSize ?? 250,
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

  /** The rows of one channel: checked, then sent (batched when rate-limited), then recorded. */
  private async sendChannel(channel: ChannelConfig | undefined, name: string, rows: DeliveryRecord[]) {
    // a sent row is written while its claim still has at least two send timeouts to run
    const outcomes = new OutcomeBuffer(this.opts.store, this.owner, name, this.opts.log, 2 * this.timeoutMs)
    try {
      if (!channel) {
        const missing = (await this.opts.missingChannel?.(name)) ?? {
          error: `channel "${name}" is not configured (removed from the configuration?)`,
        }
        if ('retry' in missing) {
          // Never attempted: back to pending at once, claimed again with the reloaded channels.
          await this.releaseAll(rows, (row) => row.nextAttemptAt)
          this.loop.notifyDue(this.opts.clock.now())
          return
        }
        for (const row of rows) await this.guarded(row, () => this.fail(row, missing.error))
        return
      }
      const run = this.channelRun(channel, name, outcomes)
      if (typeof run === 'string') {
        for (const row of rows) await this.guarded(row, () => this.fail(row, run))
        return
      }
      const ready: Ready[] = []
      for (const row of rows) {
        await this.guarded(row, async () => {
          const r = await this.prepare(run, row)
          if (r) ready.push(r)
        })
      }
      // Only a rate-limited channel batches, and never one whose receiver needs one event per alert.
      const batching = run.bucket !== null && run.notifier.coalesce !== false
      const units = batching ? chunk(ready) : ready.map((r) => [r])
      const window = run.bucket ? 1 : (run.notifier.maxInFlight ?? this.opts.inFlightPerChannel ?? 8)
      await runInLanes(
        units,
        window,
        (unit) => unit.map((r) => r.row.alertId),
        (unit) => this.sendUnit(run, unit),
      )
    } finally {
      await outcomes.flush()
    }
  }

  /** Runs one row's bookkeeping; a store error leaves the row claimed until its lease ends. */
  private async guarded(row: DeliveryRecord, fn: () => Promise<void>): Promise<void> {
    try {
      await fn()
    } catch (err) {
      this.opts.log.error('delivery bookkeeping failed; the row is retried after its lease', {
        delivery: row.id,
        channel: row.channel,
        error: err,
      })
    }
  }

  /** What the channel sends with, or why none of its rows can be sent. */
  private channelRun(
    channel: ChannelConfig | undefined,
    name: string,
    outcomes: OutcomeBuffer,
  ): ChannelRun | string {
    if (!channel) return `channel "${name}" is not configured (removed from the configuration?)`
    const notifier = this.opts.notifiers[channel.kind]
    let error: string
    if (notifier) {
      const parsed = notifier.settings.safeParse(channel.settings)
      if (parsed.success) {
        const rate = channel.rateLimitPerSecond ?? notifier.rateLimitPerSecond
        const bucket = this.bucketFor(name, rate)
        return { name, channel, notifier, settings: parsed.data, bucket, outcomes, holdUntil: null }
      }
      // zod's text may quote a value: it is recorded and logged, so it loses the channel's secrets
      error = channelRedactor(
        channel.kind,
        channel.settings,
      )(`invalid settings for channel "${name}": ${parsed.error.message}`)
    } else {
      error = `no notifier for channel kind "${channel.kind}"`
    }
    outcomes.failed(error, this.opts.clock.now())
    return error
  }

  /**
   * Reads a row's notification; a reminder of an alert no longer active and critical, or one a
   * silence holds back, is recorded as suppressed here and not sent. Null: nothing to send.
   */
  private async prepare(run: ChannelRun, row: DeliveryRecord): Promise<Ready | null> {
    const { store, clock } = this.opts
    let n: Notification
    try {
      n = JSON.parse(row.payload) as Notification
    } catch {
      await this.fail(row, 'unreadable payload (not JSON)')
      return null
    }
    if (row.transition !== 'repeat') return { row, n }
    const alert = await store.getAlert(row.alertId)
    if (alert?.status !== 'active' || alert.severity !== 'critical') {
      await store.skipDelivery(row.id, this.owner, 'the alert is no longer active and critical', clock.now())
      return null
    }
    const silenced = (await this.opts.silencedBy?.(n.alert, clock.now())) ?? null
    if (silenced === null) return { row, n }
    const now = clock.now()
    await store.skipDelivery(row.id, this.owner, silenced, now)
    // the reminders resume after the silence: the next one keeps its exact schedule
    if (run.channel.repeatIntervalMs)
      await this.scheduleNextReminder(row, n, run.channel.repeatIntervalMs, now)
    return null
  }

  /** One message: a row's notification, or a batch of several rows of a rate-limited channel. */
  private async sendUnit(run: ChannelRun, unit: Ready[]): Promise<void> {
    const { clock } = this.opts
    const rows = unit.map((r) => r.row)
    const first = unit[0]
    if (!first) return
    try {
      if (this.stopped || run.holdUntil !== null) {
        // Never attempted: give it back now rather than waiting for the lease to expire.
        const hold = run.holdUntil ?? 0
        await this.releaseAll(rows, (row) => Math.max(row.nextAttemptAt, hold))
        return
      }
      const now = clock.now()
      // Too little of the lease left to finish the send: another claimer may take these rows soon.
      if (rows.some((r) => (r.claimedUntil ?? Number.POSITIVE_INFINITY) - now <= this.timeoutMs)) {
        await this.releaseAll(rows, (row) => row.nextAttemptAt)
        return
      }
      const wait = run.bucket?.take(now) ?? 0
      if (wait > 0) {
        // Over the rate limit: these rows (and the rest) come back together, as one batch.
        run.holdUntil = now + wait
        await this.releaseAll(rows, () => now + wait)
        return
      }
      const n = unit.length === 1 ? first.n : batchNotification(unit.map((r) => r.n))
      let answer: string
      try {
        const res = await sendWithTimeout(run.notifier, n, run.settings, this.timeoutMs, this.opts.fetch)
        answer = `${res.status} ${res.detail}`
      } catch (err) {
        await this.failed(run, rows, err)
        return
      }
      const at = clock.now()
      const others = unit.length - 1
      const detail =
        others === 0
          ? answer
          : `coalesced into one message with ${others} other${others === 1 ? '' : 's'}: ${answer}`
      for (const { row, n: rowN } of unit) {
        run.outcomes.delivered(row.id, at, detail, row.claimedUntil ?? Number.POSITIVE_INFINITY)
        if (row.transition === 'repeat' && run.channel.repeatIntervalMs)
          await this.scheduleNextReminder(row, rowN, run.channel.repeatIntervalMs, at)
      }
    } catch (err) {
      this.opts.log.error('delivery bookkeeping failed; the rows are retried after their lease', {
        deliveries: rows.map((r) => r.id),
        channel: run.name,
        error: err,
      })
    } finally {
      // whatever this unit's outcome: sent rows never wait long unrecorded (well within the lease)
      if (run.outcomes.due(clock.now())) await run.outcomes.flush()
    }
  }

  /** A failed send: retried later with backoff (the rows of a batch together), or failed for good. */
  private async failed(run: ChannelRun, rows: DeliveryRecord[], err: unknown): Promise<void> {
    const { store, clock, log } = this.opts
    const e = err instanceof DeliveryError ? err : new DeliveryError(String(err), true)
    const error = describeFailure(e)
    const now = clock.now()
    run.outcomes.failed(error, now)
    if (!e.retryable) {
      for (const row of rows) await this.fail(row, error)
      return
    }
    const attempts = Math.max(...rows.map((r) => r.attempts))
    const nextAt =
      now +
      retryDelay(attempts, e.retryAfterMs, {
        baseMs: this.opts.baseBackoffMs ?? 1_000,
        maxMs: this.opts.maxBackoffMs ?? 3_600_000,
        random: this.opts.random ?? Math.random,
      })
    run.holdUntil = nextAt
    for (const row of rows) {
      if (row.attempts + 1 >= this.maxAttempts) {
        await this.fail(row, `${error} (gave up after ${row.attempts + 1} attempts)`)
        continue
      }
      await store.rescheduleDelivery(row.id, this.owner, nextAt, error, now)
      log.warn('delivery failed; retrying', {
        delivery: row.id,
        channel: run.name,
        attempts: row.attempts + 1,
        nextAt,
        error,
      })
    }
  }

  private async fail(row: DeliveryRecord, error: string): Promise<void> {
    await this.opts.store.failDelivery(row.id, this.owner, error, this.opts.clock.now())
    this.opts.log.error('delivery failed', { delivery: row.id, channel: row.channel, error })
  }

  /** Gives rows back, one statement per distinct time (a backlog costs a few writes, not one a row). */
  private async releaseAll(rows: DeliveryRecord[], at: (row: DeliveryRecord) => number): Promise<void> {
    const byTime = new Map<number, number[]>()
    for (const row of rows) {
      const t = at(row)
      const ids = byTime.get(t)
      if (ids) ids.push(row.id)
      else byTime.set(t, [row.id])
    }
    for (const [t, ids] of byTime) await this.opts.store.releaseDeliveries(ids, this.owner, t)
  }

  private async scheduleNextReminder(row: DeliveryRecord, n: Notification, intervalMs: number, now: number) {
    const next = nextReminder(row, n, intervalMs)
    await this.opts.store.enqueueDeliveries([next], now)
    this.notifyDue(next.nextAttemptAt ?? now)
  }

  private bucketFor(name: string, rate: number | undefined): TokenBucket | null {
    if (!rate || rate <= 0) return null
    const known = this.buckets.get(name)
    if (known && known.rate === rate) return known.bucket
    const bucket = new TokenBucket(rate)
    this.buckets.set(name, { rate, bucket })
    return bucket
  }
}
