import { describe, expect, it } from 'vitest'
import { parseKumaPush } from './kuma-path.js'

const U = '3f1d2c4b-5a69-4e7b-8c9d-0a1b2c3d4e5f'
const ok = (action: string, log: string | null = null, durationMs: number | null = null) => ({
  ok: true,
  uuid: U,
  signal: { action, exitStatus: null, rid: null },
  log,
  durationMs,
})
const notFound = { ok: false, status: 404, body: 'not found' }

const rows: [path: string, query: string, expected: unknown][] = [
  // status: exactly "up" is up; missing or empty is up too (Kuma: `status || "up"`)
  [U, 'status=up', ok('success')],
  [U, '', ok('success')],
  [U, 'status=', ok('success')],
  [U, 'status=down', ok('fail')],
  [U, 'status=UP', ok('fail')],
  [U, 'status=ok', ok('fail')],
  [U, 'status=0', ok('fail')],
  [`${U.toUpperCase()}`, 'status=up', ok('success')],
  [`${U}/`, 'status=up', ok('success')],
  // borgmatic's uptime_kuma hook (≥ 1.8.13)
  [U, 'status=up&msg=start', ok('start')],
  [U, 'status=up&msg=finish', ok('success', 'finish')],
  [U, 'status=down&msg=fail', ok('fail', 'fail')],
  [U, 'msg=start', ok('start')],
  [U, 'status=down&msg=start', ok('fail', 'start')],
  // msg is the log; ping (ms) a duration
  [U, 'status=up&msg=OK', ok('success', 'OK')],
  [U, 'status=up&msg=', ok('success')],
  [U, 'status=up&ping=1234', ok('success', null, 1234)],
  [U, 'status=up&ping=12.4', ok('success', null, 12)],
  [U, 'status=up&ping=-5', ok('success')],
  [U, 'status=up&ping=abc', ok('success')],
  [U, 'status=up&ping=', ok('success')],
  [U, 'status=up&msg=start&ping=50', ok('start', null, 50)],
  // malformed
  ['', '', notFound],
  ['not-a-uuid', 'status=up', notFound],
  [`${U}/extra`, '', notFound],
  [`${U}//`, '', notFound],
  [`/${U}`, '', notFound],
]

describe('parseKumaPush', () => {
  it.each(rows)('/api/push/%s?%s', (path, query, expected) => {
    const segments = path === '' ? [] : path.split('/')
    expect(parseKumaPush(segments, new URLSearchParams(query))).toEqual(expected)
  })
})
