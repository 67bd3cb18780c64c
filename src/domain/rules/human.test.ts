import { describe, expect, it } from 'vitest'
import { humanAge, humanBytes, humanFactor, humanLimit, utcMinute } from './human.js'

const MIN = 60_000
const H = 3_600_000
const D = 86_400_000

describe('humanAge', () => {
  it.each([
    [0, '0 min'],
    [-5 * MIN, '0 min'],
    [59_999, '0 min'],
    [45 * MIN + 59_999, '45 min'],
    [H - 1, '59 min'],
    [H, '1 h'],
    [31 * H + 59 * MIN, '31 h'],
    [2 * D, '48 h'],
    [72 * H - 1, '71 h'],
    [72 * H, '3 d'],
    [4 * D + 23 * H, '4 d'],
    [9 * D, '9 d'],
    [400 * D, '400 d'],
  ])('%d ms → %s', (ms, text) => {
    expect(humanAge(ms)).toBe(text)
  })
})

describe('humanLimit', () => {
  it.each([
    [24 * H, '24 h'],
    [26 * H, '26 h'],
    [8 * D, '8 d'],
    [30 * D, '30 d'],
    [3 * D + 12 * H, '84 h'],
    [90 * MIN, '90 min'],
    [45 * MIN, '45 min'],
    [90_000, '1m30s'],
    [2 * D, '48 h'],
  ])('%d ms → %s', (ms, text) => {
    expect(humanLimit(ms)).toBe(text)
  })
})

describe('humanBytes', () => {
  it.each([
    [0, '0 B'],
    [999, '999 B'],
    [1000, '1 kB'],
    [1500, '1.5 kB'],
    [850_000_000, '850 MB'],
    [1_234_567_890, '1.2 GB'],
    [3_900_000_000, '3.9 GB'],
    [9_960_000_000, '10 GB'],
    [12_345_678_901, '12 GB'],
    [999_999_999, '1 GB'],
    [2_500_000_000_000, '2.5 TB'],
    [-2_000_000, '-2 MB'],
  ])('%d → %s', (n, text) => {
    expect(humanBytes(n)).toBe(text)
  })
})

describe('utcMinute', () => {
  it.each([
    ['2026-03-10T02:04:59.999Z', '2026-03-10 02:04 UTC'],
    ['2026-11-22T04:10:00Z', '2026-11-22 04:10 UTC'],
    ['2026-03-29T01:30:00+02:00', '2026-03-28 23:30 UTC'],
  ])('%s → %s', (at, text) => {
    expect(utcMinute(Date.parse(at))).toBe(text)
  })
})

describe('humanFactor', () => {
  it.each([
    [0.3077, '0.31'],
    [4.1379, '4.1'],
    [2, '2'],
    [0.5, '0.5'],
    [12.4, '12'],
    [0, '0'],
  ])('%d → %s', (x, text) => {
    expect(humanFactor(x)).toBe(text)
  })
})
