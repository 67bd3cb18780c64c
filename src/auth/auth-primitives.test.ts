import { describe, expect, it } from 'vitest'
import { hashPassword, passwordProblem, verifyPassword } from './password.js'
import { consumeRecoveryCode, hashRecoveryCode, newRecoveryCodes } from './recovery-codes.js'
import { newTotpSecret, totpCode, totpUri, verifyTotp } from './totp.js'

describe('passwords', () => {
  it('hashes with scrypt and a salt, verifies only the same password', async () => {
    const a = await hashPassword('correct horse battery')
    const b = await hashPassword('correct horse battery')
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/)
    expect(a).not.toBe(b)
    expect(a).not.toContain('correct')
    expect(await verifyPassword('correct horse battery', a)).toBe(true)
    expect(await verifyPassword('correct horse batterY', a)).toBe(false)
    expect(await verifyPassword('correct horse battery', 'plain')).toBe(false)
  })

  it('refuses short and huge passwords', () => {
    expect(passwordProblem('short')).toMatch(/at least 12/)
    expect(passwordProblem('x'.repeat(2000))).toMatch(/at most/)
    expect(passwordProblem('long enough pass')).toBeNull()
  })
})

describe('TOTP (RFC 6238)', () => {
  // RFC 6238 appendix B, SHA-1 secret "12345678901234567890" (base32 below), 8 digits there;
  // the 6-digit code is the last six digits of the RFC's value.
  const rfcSecret = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ'

  it('matches the RFC test vectors', () => {
    expect(totpCode(rfcSecret, 59_000)).toBe('287082')
    expect(totpCode(rfcSecret, 1_111_111_109_000)).toBe('081804')
    expect(totpCode(rfcSecret, 2_000_000_000_000)).toBe('279037')
  })

  it('accepts a code one step off, once; refuses replay, old codes and garbage', () => {
    const secret = newTotpSecret()
    const now = 1_800_000_000_000
    const code = totpCode(secret, now - 30_000)
    const step = verifyTotp(secret, code, now, null)
    expect(step).toBe(Math.floor(now / 30_000) - 1)
    expect(verifyTotp(secret, code, now, step)).toBeNull()
    expect(verifyTotp(secret, totpCode(secret, now - 120_000), now, null)).toBeNull()
    expect(verifyTotp(secret, 'abcdef', now, null)).toBeNull()
    expect(totpUri(secret, 'alice')).toMatch(/^otpauth:\/\/totp\/Backwatch:alice\?.*secret=/)
  })
})

describe('recovery codes', () => {
  it('are ten distinct readable codes, each usable once, typed in any case', () => {
    const codes = newRecoveryCodes()
    expect(new Set(codes).size).toBe(10)
    for (const c of codes) expect(c).toMatch(/^[A-HJKMNP-Z2-9]{4}(-[A-HJKMNP-Z2-9]{4}){2}$/)
    const hashes = codes.map(hashRecoveryCode)
    const left = consumeRecoveryCode(hashes, codes[3]!.toLowerCase().replace(/-/g, ' '))
    expect(left).toHaveLength(9)
    expect(consumeRecoveryCode(left!, codes[3]!)).toBeNull()
  })
})
