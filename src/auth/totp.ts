// TOTP second factor (RFC 6238: SHA-1, 6 digits, 30 s steps) through the maintained `otpauth`
// library. A code is accepted one step early or late (clock drift) and only once: the caller
// stores the step it was used in and passes it back, so a sniffed code cannot be replayed.
import { Secret, TOTP } from 'otpauth'

const PERIOD_SECONDS = 30

function totpOf(secret: string, label = 'backwatch'): TOTP {
  return new TOTP({
    issuer: 'Backwatch',
    label,
    algorithm: 'SHA1',
    digits: 6,
    period: PERIOD_SECONDS,
    secret: Secret.fromBase32(secret),
  })
}

/** A new random secret, base32 (160 bits, as RFC 4226 recommends). */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32
}

/** The otpauth:// URI an authenticator app scans or imports. */
export function totpUri(secret: string, username: string): string {
  return totpOf(secret, username).toString()
}

/** The code for `now` (tests and the CLI's enrolment check). */
export function totpCode(secret: string, now: number): string {
  return totpOf(secret).generate({ timestamp: now })
}

/**
 * The step the code belongs to when it is valid at `now` and newer than `lastStep`, else null.
 */
export function verifyTotp(
  secret: string,
  code: string,
  now: number,
  lastStep: number | null,
): number | null {
  const token = code.replace(/\s+/g, '')
  if (!/^\d{6}$/.test(token)) return null
  const delta = totpOf(secret).validate({ token, timestamp: now, window: 1 })
  if (delta === null) return null
  const step = Math.floor(now / 1000 / PERIOD_SECONDS) + delta
  if (lastStep !== null && step <= lastStep) return null
  return step
}
