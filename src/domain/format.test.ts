import { describe, expect, it } from 'vitest'
import { ago, bytes, exactTime, shortSpan, span } from './format.js'

const NOW = Date.UTC(2026, 0, 5, 12, 0, 0)

describe('format', () => {
  it('says how long ago', () => {
    expect(ago(NOW - 10_000, NOW)).toBe('just now')
    expect(ago(NOW - 5 * 60_000, NOW)).toBe('5 min ago')
    expect(ago(NOW - 3 * 3_600_000, NOW)).toBe('3 h ago')
    expect(ago(NOW - 59 * 60_000 - 55_000, NOW)).toBe('1 h ago') // not "60 min ago"
    expect(ago(NOW - 59 * 60_000 - 20_000, NOW)).toBe('59 min ago')
    expect(ago(NOW - 3 * 86_400_000, NOW)).toBe('3 d ago')
    expect(ago(NOW + 20 * 60_000, NOW)).toBe('in 20 min')
  })

  it('spans and sizes', () => {
    expect(span(42_000)).toBe('42 s')
    expect(span(250_000)).toBe('4 min 10 s')
    expect(span(3 * 3_600_000 + 5 * 60_000)).toBe('3 h 5 min')
    expect(span(52 * 3_600_000)).toBe('2 d 4 h')
    expect(shortSpan(26 * 3_600_000)).toBe('26h')
    expect(shortSpan(20_000)).toBe('now')
    expect(shortSpan(5 * 60_000)).toBe('5m')
    expect(bytes(512)).toBe('512 B')
    expect(bytes(1536)).toBe('1.5 KiB')
    expect(bytes(3 * 1024 ** 3)).toBe('3.0 GiB')
    expect(bytes(250 * 1024 ** 3)).toBe('250 GiB')
  })

  it('tells the exact time in a zone', () => {
    expect(exactTime(NOW, 'Europe/Berlin')).toBe('5 Jan 2026, 13:00:00 CET')
    expect(exactTime(NOW, null)).toBe('5 Jan 2026, 12:00:00 UTC')
  })
})
