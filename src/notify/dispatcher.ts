// Delivers the outbox. Wakes at the earliest due delivery (no periodic scan), claims a batch with
// a compare-and-set (safe with several processes on one database), sends with a timeout —
// channels concurrently; within a channel a few sends at once, one alert's rows strictly in
// order — and records the outcome: delivered, retried later with backoff, or failed for good.
// A channel with a rate limit sends what waits for it as one batch message instead of one
// message per token. A bad row never stops the loop; a stop lets the sends in flight finish and
// gives the untouched rows back.
import { randomBytes } from 'node:crypto'
import { hostname } from 'node:os'
import type { DeliveryRecord } from '../domain/delivery-records.js'
import { DEFAULT_PROJECT_ID } from '../domain/projects.js'
import { WakeLoop } from '../wake-loop.js'
import { chunk } from './batch.js'
import { runInLanes } from './outbox/alert-lanes.js'
import { ChannelRuns, type Ready } from './outbox/channel-run.js'
import { DeliveryBook } from './outbox/delivery-book.js'
import type { DispatchContext } from './outbox/dispatch-context.js'
import type { ChannelConfig, DispatcherOptions } from './outbox/dispatcher-options.js'
import { OutcomeBuffer } from './outbox/outcome-buffer.js'
import { prepareDelivery } from './outbox/prepare-delivery.js'
import { sendUnit } from './outbox/send-unit.js'

export type { ChannelConfig, DispatcherOptions } from './outbox/dispatcher-options.js'

export class Dispatcher {
  readonly owner: string
  private readonly timeoutMs: number
  private readonly leaseMs: number
  private readonly loop: WakeLoop
  private readonly book: DeliveryBook
  private readonly runs: ChannelRuns
  private readonly ctx: DispatchContext

  constructor(private readonly opts: DispatcherOptions) {
    this.owner = opts.owner ?? `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`
    this.timeoutMs = opts.timeoutMs ?? 10_000
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
    this.book = new DeliveryBook(opts, this.owner, (at) => this.notifyDue(at))
    this.runs = new ChannelRuns(opts)
    this.ctx = {
      opts,
      book: this.book,
      timeoutMs: this.timeoutMs,
      maxAttempts: opts.maxAttempts ?? 20,
      isStopped: () => this.loop.isStopped,
    }
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

  /** A cycle now: true when it finished without an error (self_check); hangs while the loop is stuck. */
  probe(): Promise<boolean> {
    return this.loop.probe()
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
    // channel names are unique per project: a row goes to its own project's channel
    const byChannel = new Map<string, DeliveryRecord[]>()
    for (const row of claimed) {
      const key = channelKey(row.projectId, row.channel)
      const rows = byChannel.get(key)
      if (rows) rows.push(row)
      else byChannel.set(key, [row])
    }
    const channels = new Map(
      this.opts.channels().map((c) => [channelKey(c.projectId ?? DEFAULT_PROJECT_ID, c.name), c]),
    )
    await Promise.all(
      [...byChannel].map(([key, rows]) =>
        this.sendChannel(channels.get(key), rows[0]!.projectId, rows[0]!.channel, rows),
      ),
    )
    return claimed.length
  }

  /** The rows of one channel: checked, then sent (batched when rate-limited), then recorded. */
  private async sendChannel(
    channel: ChannelConfig | undefined,
    projectId: number,
    name: string,
    rows: DeliveryRecord[],
  ) {
    // a sent row is written while its claim still has at least two send timeouts to run
    const outcomes = new OutcomeBuffer(
      this.opts.store.inProject(projectId),
      this.owner,
      name,
      this.opts.log,
      2 * this.timeoutMs,
    )
    try {
      if (!channel) {
        const missing = (await this.opts.missingChannel?.(projectId, name)) ?? {
          error: `channel "${name}" is not configured (removed from the configuration?)`,
        }
        if ('retry' in missing) {
          // Never attempted: back to pending at once, claimed again with the reloaded channels.
          await this.book.releaseAll(rows, (row) => row.nextAttemptAt)
          this.loop.notifyDue(this.opts.clock.now())
          return
        }
        for (const row of rows) await this.book.guarded(row, () => this.book.fail(row, missing.error))
        return
      }
      const run = this.runs.resolve(channel, name, outcomes, channelKey(projectId, name))
      if (typeof run === 'string') {
        for (const row of rows) await this.book.guarded(row, () => this.book.fail(row, run))
        return
      }
      const ready: Ready[] = []
      for (const row of rows) {
        await this.book.guarded(row, async () => {
          const r = await prepareDelivery(this.ctx, run, row)
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
        // a report has no alert: nothing to keep in order with
        (unit) => unit.flatMap((r) => (r.row.alertId === null ? [] : [r.row.alertId])),
        (unit) => sendUnit(this.ctx, run, unit),
      )
    } finally {
      await outcomes.flush()
    }
  }
}

function channelKey(projectId: number, name: string): string {
  return `${projectId}/${name}`
}
