// Wakes when a silence ends (on the shared WakeLoop, no periodic scan) and sends the alerts it
// held back that are still active. An API change to a silence calls kick().
import type { Clock } from '../clock.js'
import type { Logger } from '../log.js'
import type { SilenceStore } from '../store/roles/silence-store.js'
import type { CoreStore } from '../store/store.js'
import { WakeLoop } from '../wake-loop.js'
import { type ReleaseOptions, releaseEndedSilences } from './silence-release.js'

export interface SilenceWatcherOptions extends ReleaseOptions {
  store: CoreStore & SilenceStore
  clock: Clock
  log: Logger
  /** told after deliveries became due (the dispatcher wakes up) */
  onReleased: () => void
  maxSleepMs?: number
}

export class SilenceWatcher {
  private readonly loop: WakeLoop

  constructor(private readonly opts: SilenceWatcherOptions) {
    this.loop = new WakeLoop({
      clock: opts.clock,
      log: opts.log,
      name: 'silence watcher',
      pass: () => this.pass(),
      nextDueAt: () => opts.store.nextSilenceEnd(),
      ...(opts.maxSleepMs !== undefined && { maxSleepMs: opts.maxSleepMs }),
    })
  }

  start(): void {
    this.loop.start()
  }

  stop(): Promise<void> {
    return this.loop.stop()
  }

  /** Handles the ends due now; resolves when done. */
  kick(): Promise<void> {
    return this.loop.kick()
  }

  private async pass(): Promise<number> {
    const released = await releaseEndedSilences(this.opts.store, this.opts.clock.now(), this.opts)
    if (released > 0) this.opts.onReleased()
    // one pass handles every end due now; the loop then sleeps until the next one
    return 0
  }
}
