import { describe, expect, it } from 'vitest'
import { parseRequestTarget } from './request-target.js'

describe('parseRequestTarget', () => {
  it.each([
    ['/', [], ''],
    ['/healthz', ['healthz'], ''],
    ['/api/v1/jobs?limit=5&cursor=', ['api', 'v1', 'jobs'], 'limit=5&cursor='],
    ['/ping/key/sp%20ace', ['ping', 'key', 'sp%20ace'], ''],
    ["/a:b@c!$&'()*+,;=~-_.x", ["a:b@c!$&'()*+,;=~-_.x"], ''],
    ['/servers/%C3%A9t%C3%A9', ['servers', '%C3%A9t%C3%A9'], ''],
    ['/a?q=|{}^"<>\\ /..//', ['a'], 'q=|{}^"<>\\ /..//'],
  ])('%s is canonical', (raw, segments, search) => {
    const t = parseRequestTarget(raw)
    expect(t).toMatchObject({ ok: true, segments, search })
  })

  it('reads the query with URLSearchParams', () => {
    const t = parseRequestTarget('/ping/x?rid=&msg=a%20b+c&bad=%zz')
    expect([...t.query]).toEqual([
      ['rid', ''],
      ['msg', 'a b c'],
      ['bad', '%zz'],
    ])
  })

  it.each([
    ['//[', 'must be percent-encoded'],
    ['//a:99999/', 'empty segment'],
    ['//evil/api/v1/info', 'empty segment'],
    ['/api/v1/jobs/', 'empty segment'],
    ['/\\\\', 'backslash'],
    ['/api\\v1', 'backslash'],
    ['/x/../api/v1/info', '".." segment'],
    ['/./healthz', '"." segment'],
    ['/api/v1/%2e%2e/info', 'needless percent-escape'],
    ['/api/v1/jobs/%61bc', 'needless percent-escape'],
    ['/api/v1/jobs/%zz', 'malformed'],
    ['/api/v1/jobs/%4', 'malformed'],
    ['/api/v1/jobs/100%', 'malformed'],
    ['/api/v1/jobs/%ff', 'not UTF-8'],
    ['/api/v1/jobs/%C3', 'not UTF-8'],
    ['/api/v1/jobs/a%2Fb', 'escaped "/"'],
    ['/api/v1/jobs/a%5cb', 'escaped "/", "\\"'],
    ['/api/v1/jobs/%00', 'control character'],
    ['/api/v1/jobs/a|b', 'must be percent-encoded'],
    ['/api/v1/jobs/{x}', 'must be percent-encoded'],
    ['/a#frag', 'fragment'],
    ['http://localhost/api/v1/info', 'absolute form'],
    ['*', 'asterisk'],
  ])('%s → not canonical (%s)', (raw, why) => {
    const t = parseRequestTarget(raw)
    expect(t.ok).toBe(false)
    if (!t.ok) expect(t.problem).toContain(why)
  })

  it('says when empty segments are the only problem (ping dialects judge those themselves)', () => {
    expect(parseRequestTarget('/ping/abc//start')).toMatchObject({ ok: false, onlyEmptySegments: true })
    expect(parseRequestTarget('/ping/abc/')).toMatchObject({
      ok: false,
      onlyEmptySegments: true,
      segments: ['ping', 'abc', ''],
    })
    expect(parseRequestTarget('/ping//..')).toMatchObject({ ok: false, onlyEmptySegments: false })
  })
})
