// What the dashboard's routes may use; wired by the composition root (server/routes.ts).
import type { Notifiers } from '../app/channels/channel-changes.js'
import type { LoginGuard } from '../app/users/login.js'
import type { Clock } from '../clock.js'
import type { Logger } from '../log.js'
import type { ChannelRegistry } from '../notify/channel-registry.js'
import type { Store } from '../store/store.js'
import type { WebAssets } from './web-assets.js'

export interface WebDeps {
  store: Store
  clock: Clock
  log: Logger
  version: string
  /** read per request: known only once the server is bound */
  baseUrl: string
  /** failed logins per address and unknown username, shared with the API's sign-in */
  logins: LoginGuard
  assets: () => Promise<WebAssets>
  /** A silence was created, changed or ended (committed): send what no silence holds back now. */
  onSilencesChanged: () => Promise<void>
  /** every stored channel: names the deliveries' channels and cleans their texts of its secrets */
  channelRegistry: ChannelRegistry
  /** the evaluator's wake-up after a change made a job due at `at` (pause, resume, a new schedule) */
  notifyDue: (at: number) => void
  /** the senders of each channel kind (a channel's test message) */
  notifiers: Notifiers
}
