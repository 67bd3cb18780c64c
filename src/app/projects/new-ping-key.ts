// A project's ping key is a secret in its slug ping URLs (/ping/<ping_key>/<slug>): 16 random bytes.
import { randomBytes } from 'node:crypto'

export function newPingKey(): string {
  return randomBytes(16).toString('base64url')
}
