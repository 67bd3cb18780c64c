// What the API routes may use; wired by the composition root.

import type { ReportCommitter } from '../app/reports/report-committer.js'
import type { TokenUse } from '../app/tokens/token-use.js'
import type { LoginGuard } from '../app/users/login.js'
import type { Clock } from '../clock.js'
import type { ChannelSpec } from '../config/channel-spec.js'
import type { RequestLimits } from '../config/limits-spec.js'
import type { PolicyCache } from '../evaluate/policy-cache.js'
import type { Logger } from '../log.js'
import type { ChannelRegistry } from '../notify/channel-registry.js'
import type { ChannelKind, Notifier } from '../notify/notifier.js'
import type { Store } from '../store/store.js'

export interface ApiDeps {
  store: Store
  clock: Clock
  log: Logger
  version: string
  baseUrl: string
  /** tell the evaluator a job's deadline may have moved */
  notifyDue: (at: number) => void
  metricsPublic: boolean
  /** commits run reports, grouped with those of concurrent requests */
  runReports: ReportCommitter
  /** what one request may carry and create */
  limits: RequestLimits
  /** every stored policy, loaded; the policy routes invalidate and reload it after a change */
  policies: PolicyCache
  /**
   * A policy was stored or deleted (already committed, cache reloaded): re-evaluate the jobs it
   * governs. `default` governs every job whose environment has no policy of its own.
   */
  onPolicyChanged: (projectId: number, environment: string) => Promise<void>
  /** A silence was created, changed or ended (committed): send what no silence holds back now. */
  onSilencesChanged: () => Promise<void>
  /** the notification channels in force */
  channels: () => ChannelSpec[]
  /** every stored channel (usable or not); the channel routes reload it after a change */
  channelRegistry: ChannelRegistry
  // biome-ignore lint/suspicious/noExplicitAny: each notifier validates its own settings type
  notifiers: Partial<Record<ChannelKind, Notifier<any>>>
  /** failed logins per address and per unknown username (this process's view) */
  logins: LoginGuard
  /** writes the tokens' last_used_at, at most once a minute per token */
  tokenUse: TokenUse
}
