// API tokens (issue 12): per project, with a name and a scope. Tokens from the config file and the
// bootstrap token (BACKWATCH_API_TOKEN) are changed in the file or the environment; the others
// are made and revoked through the API or the CLI.
import type { TokenScope } from './access.js'

/** config: the file's `tokens:`; bootstrap: BACKWATCH_API_TOKEN; api: made through the API or CLI */
export type TokenSource = 'config' | 'bootstrap' | 'api'

export interface TokenRecord {
  id: number
  /** the project it belongs to */
  projectId: number
  name: string
  scope: TokenScope
  source: TokenSource
  /** the secret's first characters, to recognise it (null for config and bootstrap tokens) */
  prefix: string | null
  /** who made it ("user alice", "token deploy", "cli"); null for config and bootstrap tokens */
  createdBy: string | null
  createdAt: number
  lastUsedAt: number | null
}

/** The same letters as the config file's token names (config/token-spec.ts). */
export const TOKEN_NAME = /^[A-Za-z0-9._-]{1,100}$/

/** Why `name` cannot name a new token, or null. Digits alone would read as an id. */
export function tokenNameProblem(name: string): string | null {
  if (!TOKEN_NAME.test(name)) return 'a token name is 1 to 100 letters, digits, ".", "-" or "_"'
  if (/^\d+$/.test(name)) return 'a token name must not be digits only (it would read as an id)'
  return null
}

/** Only API-made tokens are revoked through the API; the others live in the file or environment. */
export function managedElsewhere(token: Pick<TokenRecord, 'source'>): boolean {
  return token.source !== 'api'
}
