// The secret of a token made through the API or the CLI: `bw_` and 32 random bytes in base64url
// (256 bits). Only its SHA-256 is stored (token-hash.ts), with its first characters for display.
import { randomBytes } from 'node:crypto'

export const TOKEN_SECRET_PREFIX = 'bw_'

/** Random characters kept for display: 48 of the 256 bits, not enough to help a guess. */
const SHOWN_CHARS = 8

export function newTokenSecret(): { secret: string; prefix: string } {
  const secret = `${TOKEN_SECRET_PREFIX}${randomBytes(32).toString('base64url')}`
  return { secret, prefix: secret.slice(0, TOKEN_SECRET_PREFIX.length + SHOWN_CHARS) }
}
