// API tokens are stored as SHA-256 hashes: they are long random strings, so a fast hash is enough.
import { createHash } from 'node:crypto'

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex')
}
