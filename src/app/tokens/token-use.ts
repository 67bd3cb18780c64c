// When a token was last used, written without a write per request: at most once a minute per
// token from this process, off the request's path. A failed write is logged at debug level and
// dropped: it never delays nor fails the request it came with.
import type { Logger } from '../../log.js'
import type { TokenStore } from '../../store/roles/token-store.js'

export const TOKEN_USE_INTERVAL_MS = 60_000

/** Past this many tokens remembered, the ones not written within the interval are forgotten. */
const MAX_REMEMBERED = 10_000

export class TokenUse {
  /** token id → when this process last wrote its use */
  private readonly written = new Map<number, number>()

  constructor(
    private readonly store: Pick<TokenStore, 'touchToken'>,
    private readonly log: Logger,
    private readonly intervalMs = TOKEN_USE_INTERVAL_MS,
  ) {}

  /** Notes a use of token `id` at `now`. The promise (writing, or not) never rejects; no one need wait for it. */
  used(id: number, now: number): Promise<void> {
    const last = this.written.get(id)
    if (last !== undefined && now >= last && now - last < this.intervalMs) return Promise.resolve()
    this.written.set(id, now)
    if (this.written.size > MAX_REMEMBERED) this.forgetBefore(now - this.intervalMs)
    return Promise.resolve()
      .then(() => this.store.touchToken(id, now))
      .catch((err: unknown) => {
        this.log.debug?.('could not record a token use', { token: id, error: err })
      })
  }

  private forgetBefore(at: number): void {
    for (const [id, writtenAt] of this.written) if (writtenAt < at) this.written.delete(id)
  }
}
