import { describe, expect, it } from 'vitest'
import { exceedsJsonDepth } from './json-depth.js'

const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth)

describe('exceedsJsonDepth', () => {
  it.each([
    ['{}', 1, false],
    ['{}', 0, true],
    [nested(64), 64, false],
    [nested(65), 64, true],
    ['{"a":[{"b":[1]}]}', 4, false],
    ['{"a":[{"b":[1]}]}', 3, true],
    // brackets in strings, escaped quotes and backslashes
    ['["[[[[", "\\"[[[[", "\\\\", [1]]', 2, false],
    ['["\\\\"], [[1]]', 2, false],
    ['["\\\\"], [[[1]]]', 2, true],
    // JSON lines: each line's depth on its own
    [`${nested(3)}\n${nested(3)}\n${nested(3)}`, 3, false],
    // a stray quote in a text line ends at the newline
    [`oops "unterminated\n${nested(4)}`, 3, true],
    ['', 0, false],
    ['not json at all ]]]] }}}', 0, false],
  ])('%j with limit %i → %s', (text, limit, expected) => {
    expect(exceedsJsonDepth(text, limit)).toBe(expected)
  })
})
