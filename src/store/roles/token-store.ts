// API tokens, stored as hashes. The tokens of the config file and the environment are replaced
// per source at start; the others are made and revoked one by one (API, CLI).
import type { TokenScope } from '../../domain/access.js'
import type { TokenRecord } from '../../domain/tokens.js'

export type TokenRef = { id: number } | { name: string }

export interface NewToken {
  name: string
  scope: TokenScope
  /** SHA-256 of the secret (auth/token-hash.ts) */
  hash: string
  prefix: string
  createdBy: string
}

export interface TokenStore {
  /** Replaces the tokens of one source (config, bootstrap) with the given set. */
  syncTokens(
    source: string,
    tokens: { name: string; scope: string; hash: string }[],
    now: number,
  ): Promise<void>
  /** Any project's token (a request's token names its project). */
  findTokenByHash(hash: string): Promise<TokenRecord | null>
  /** The project's tokens, oldest first; never a hash. */
  listTokens(): Promise<TokenRecord[]>
  getToken(ref: TokenRef): Promise<TokenRecord | null>
  /** An API-made token (source api). Throws DuplicateError when the name is taken in the project. */
  createToken(t: NewToken, now: number): Promise<TokenRecord>
  /** Deletes an API-made token of the project; false when there is none with that id. */
  deleteToken(id: number): Promise<boolean>
  /** last_used_at = at, unless a later use is already written. */
  touchToken(id: number, at: number): Promise<void>
}
