import { describe, expect, it } from 'vitest'
import { boundText, ERROR_TEXT_LIMIT, joinText, LineSample, textLines } from './report-text.js'

describe('textLines', () => {
  it('drops ANSI escapes, progress redraws, control characters and blank lines', () => {
    const text =
      '\x1b[2Ksignal interrupt received, cleaning up\r\n\n 10% done\r 50% done\r100% done\r\nbell\x07 here\n   \n'
    expect(textLines(text)).toEqual(['signal interrupt received, cleaning up', '100% done', 'bell here'])
  })
})

describe('boundText', () => {
  it('keeps short text as it is', () => {
    expect(boundText('Fatal: wrong password or no key found')).toBe('Fatal: wrong password or no key found')
  })

  it('keeps the head and the tail of long text within the limit', () => {
    const text = `first line\n${'x'.repeat(10_000)}\nFatal: the last word`
    const bounded = boundText(text)
    expect(bounded.length).toBeLessThanOrEqual(ERROR_TEXT_LIMIT)
    expect(bounded.startsWith('first line')).toBe(true)
    expect(bounded.endsWith('Fatal: the last word')).toBe(true)
    expect(bounded).toContain('\n…\n')
  })

  it('does not split a surrogate pair', () => {
    const bounded = boundText('😀'.repeat(2000), 101)
    expect(bounded).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/)
  })
})

describe('joinText', () => {
  it('is null when there is nothing to say', () => {
    expect(joinText([null, undefined, '', '  '])).toBeNull()
  })
  it('joins the non-empty parts', () => {
    expect(joinText(['a', null, ' b '])).toBe('a\nb')
  })
})

describe('LineSample', () => {
  it('keeps the first and last lines and counts the rest', () => {
    const sample = new LineSample(3)
    for (let i = 1; i <= 100; i++) sample.push(`line ${i}`)
    expect(sample.lines()).toEqual([
      'line 1',
      'line 2',
      'line 3',
      '… (94 lines omitted)',
      'line 98',
      'line 99',
      'line 100',
    ])
  })
  it('keeps everything when there is little', () => {
    const sample = new LineSample(3)
    for (let i = 1; i <= 5; i++) sample.push(`line ${i}`)
    expect(sample.lines()).toEqual(['line 1', 'line 2', 'line 3', 'line 4', 'line 5'])
  })
})
