import { describe, expect, it } from 'vitest'
import { safeExitCode, safeInt, secondsToMs } from './safe-number.js'

describe('safeInt', () => {
  it.each<[string, unknown, number | null]>([
    ['zero', 0, 0],
    ['negative zero', -0, 0],
    ['a count', 800210012, 800210012],
    ['MAX_SAFE_INTEGER', Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
    ['2^53', 2 ** 53, null],
    ["restic's seconds_remaining", JSON.parse('9223372036854775808'), null],
    ['negative', -1, null],
    ['fraction', 1.5, null],
    ['NaN', Number.NaN, null],
    ['Infinity', Number.POSITIVE_INFINITY, null],
    ['numeric string', '42', null],
    ['null', null, null],
    ['undefined', undefined, null],
  ])('%s', (_name, input, expected) => {
    expect(safeInt(input)).toBe(expected)
  })
})

describe('secondsToMs', () => {
  it.each<[unknown, number | null]>([
    [4.507037313, 4507],
    [0.218574865, 219],
    [0, 0],
    [14, 14000],
    [-1, null],
    [Number.NaN, null],
    [1e300, null],
    ['4.5', null],
  ])('%s s', (input, expected) => {
    expect(secondsToMs(input)).toBe(expected)
  })
})

describe('safeExitCode', () => {
  it.each<[unknown, number | null]>([
    [0, 0],
    [3, 3],
    [255, 255],
    [256, null],
    [-1, null],
    [1.5, null],
  ])('%s', (input, expected) => {
    expect(safeExitCode(input)).toBe(expected)
  })
})
