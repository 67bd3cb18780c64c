// API tokens, stored as hashes and grouped by the source that defines them.
import type { TokenRecord } from '../../domain/records.js'

export interface TokenStore {
  /** Replaces the tokens of one source (config, bootstrap) with the given set. */
  syncTokens(
    source: string,
    tokens: { name: string; scope: string; hash: string }[],
    now: number,
  ): Promise<void>
  findTokenByHash(hash: string): Promise<TokenRecord | null>
}
