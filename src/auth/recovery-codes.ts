// Recovery codes for a lost authenticator: ten single-use codes shown once, stored as hashes.
import { createHash, randomInt } from 'node:crypto'

// no 0/O, 1/I/L: codes are read off paper
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789'

function group(): string {
  let s = ''
  for (let i = 0; i < 4; i++) s += ALPHABET[randomInt(ALPHABET.length)]
  return s
}

export function newRecoveryCodes(count = 10): string[] {
  return Array.from({ length: count }, () => `${group()}-${group()}-${group()}`)
}

/** Case, spaces and dashes do not matter when a code is typed back. */
export function hashRecoveryCode(code: string): string {
  const canonical = code.toUpperCase().replace(/[\s-]+/g, '')
  return createHash('sha256').update(canonical).digest('hex')
}

/** The stored hashes without the one `code` matches, or null when it matches none. */
export function consumeRecoveryCode(hashes: string[], code: string): string[] | null {
  const h = hashRecoveryCode(code)
  const i = hashes.indexOf(h)
  if (i < 0) return null
  return [...hashes.slice(0, i), ...hashes.slice(i + 1)]
}
