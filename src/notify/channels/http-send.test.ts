import { describe, expect, it } from 'vitest'
import { headerText, isRetryableStatus, joinUrl, parseRetryAfter, retryAfterInBody } from './http-send.js'

const NOW = Date.parse('2026-01-31T12:00:00Z')

describe('http classification', () => {
  it.each([
    [200, false],
    [400, false],
    [401, false],
    [404, false],
    [408, true],
    [410, false],
    [422, false],
    [425, true],
    [429, true],
    [500, true],
    [502, true],
    [503, true],
  ])('%i retryable: %s', (status, want) => {
    expect(isRetryableStatus(status)).toBe(want)
  })

  it.each([
    ['120', 120_000],
    ['0', 0],
    ['Sat, 31 Jan 2026 12:00:30 GMT', 30_000],
    ['Sat, 31 Jan 2026 11:00:00 GMT', 0],
    ['soon', null],
    ['', null],
    [null, null],
  ])('Retry-After %j → %j ms', (value, want) => {
    expect(parseRetryAfter(value, NOW)).toBe(want)
  })

  it.each([
    ['{"ok":false,"error_code":429,"parameters":{"retry_after":14}}', 14_000],
    ['{"message":"You are being rate limited.","retry_after":0.5,"global":false}', 500],
    ['{"message":"x"}', null],
    ['busy', null],
  ])('retry hint in body %s → %j', (body, want) => {
    expect(retryAfterInBody(body)).toBe(want)
  })
})

describe('headers and URLs', () => {
  it.each([
    ['plain ascii', 'plain ascii'],
    ['two\nlines', 'two lines'],
    ['sérveur', `=?UTF-8?B?${Buffer.from('sérveur').toString('base64')}?=`],
  ])('headerText(%j)', (value, want) => {
    expect(headerText(value)).toBe(want)
  })

  it.each([
    ['https://ntfy.sh', '/t', 'https://ntfy.sh/t'],
    ['https://ntfy.sh//', '/t', 'https://ntfy.sh/t'],
  ])('joinUrl(%s, %s)', (base, path, want) => {
    expect(joinUrl(base, path)).toBe(want)
  })
})
