// One channel's rows in one dispatcher pass: the notifier and validated settings it sends with, its
// rate limit's token bucket (kept across passes), and what holds its remaining rows back.
import type { DeliveryRecord } from '../../domain/delivery-records.js'
import type { Notification, Notifier } from '../notifier.js'
import { channelRedactor } from '../redact-text.js'
import type { ChannelConfig, DispatcherOptions } from './dispatcher-options.js'
import type { OutcomeBuffer } from './outcome-buffer.js'
import { TokenBucket } from './token-bucket.js'

/** A row ready to send, with its notification. */
export interface Ready {
  row: DeliveryRecord
  n: Notification
}

export interface ChannelRun {
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

export class ChannelRuns {
  private readonly buckets = new Map<string, { rate: number; bucket: TokenBucket }>()

  constructor(private readonly opts: Pick<DispatcherOptions, 'notifiers' | 'clock'>) {}

  /** What the channel sends with, or why none of its rows can be sent. */
  /** `key`: the channel's identity across projects (its rate limit's bucket). */
  resolve(
    channel: ChannelConfig | undefined,
    name: string,
    outcomes: OutcomeBuffer,
    key = name,
  ): ChannelRun | string {
    if (!channel) return `channel "${name}" is not configured (removed from the configuration?)`
    const notifier = this.opts.notifiers[channel.kind]
    let error: string
    if (notifier) {
      const parsed = notifier.settings.safeParse(channel.settings)
      if (parsed.success) {
        const rate = channel.rateLimitPerSecond ?? notifier.rateLimitPerSecond
        const bucket = this.bucketFor(key, rate)
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

  private bucketFor(name: string, rate: number | undefined): TokenBucket | null {
    if (!rate || rate <= 0) return null
    const known = this.buckets.get(name)
    if (known && known.rate === rate) return known.bucket
    const bucket = new TokenBucket(rate)
    this.buckets.set(name, { rate, bucket })
    return bucket
  }
}
