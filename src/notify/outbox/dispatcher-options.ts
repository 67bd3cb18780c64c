// What the dispatcher is given: the store, the channels in force with their notifiers, and its
// timing (timeouts, lease, backoff, batch size).
import type { Clock } from '../../clock.js'
import type { Logger } from '../../log.js'
import type { AlertStore } from '../../store/roles/alert-store.js'
import type { OutboxStore } from '../../store/roles/outbox-store.js'
import type { CoreStore } from '../../store/store.js'
import type { AlertView, ChannelKind, Notifier } from '../notifier.js'

export interface ChannelConfig {
  /** the channel's configured name (deliveries refer to it) */
  name: string
  /** the project it belongs to (default: the default project, 1) */
  projectId?: number
  /** ms between reminders of a still-active critical alert (null or absent: none) */
  repeatIntervalMs?: number | null
  kind: ChannelKind
  /** validated by the kind's notifier before each send */
  settings: unknown
  /** sends per second; default: the kind's own limit (Slack 1, Discord 2, Telegram 1, else none) */
  rateLimitPerSecond?: number
}

export interface DispatcherOptions {
  store: CoreStore & OutboxStore & AlertStore
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
  silencedBy?: (alert: AlertView, projectId: number, now: number) => Promise<string | null>
  /**
   * A claimed row names a channel missing from channels(): perhaps created by another instance
   * a moment ago. Reloads and answers whether to give the rows back (to be sent with the fresh
   * list) or why they fail for good. Default: fail as not configured.
   */
  missingChannel?: (projectId: number, name: string) => Promise<{ retry: true } | { error: string }>
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
