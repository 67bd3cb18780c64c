import { describe, expect, it } from 'vitest'
import { parseCronitorPing, seriesRid } from './cronitor-path.js'

const U = '3f1d2c4b-5a69-4e7b-8c9d-0a1b2c3d4e5f'
const UUID_V5 = /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

type Row = [path: string, query: string, expected: unknown]
const ok = (action: string, extra: Record<string, unknown> = {}) => ({
  ok: true,
  uuid: U,
  signal: { action, exitStatus: null, rid: null, ...((extra.signal as object) ?? {}) },
  log: extra.log ?? null,
  durationMs: extra.durationMs ?? null,
})
const notFound = { ok: false, status: 404, body: 'not found' }
const badUrl = { ok: false, status: 400, body: 'invalid url format' }

const rows: Row[] = [
  // borgmatic's path suffixes and ok
  [`${U}/run`, '', ok('start')],
  [`${U}/complete`, '', ok('success')],
  [`${U}/ok`, '', ok('success')],
  [`${U}/fail`, '', ok('fail')],
  [`${U.toUpperCase()}/run`, '', ok('start')],
  // the telemetry form
  [U, 'state=run', ok('start')],
  [U, 'state=complete', ok('success')],
  [U, 'state=ok', ok('success')],
  [U, 'state=fail', ok('fail')],
  [U, '', ok('success')],
  [U, 'state=', badUrl],
  [U, 'state=RUN', badUrl],
  [U, 'state=tick', badUrl],
  [U, 'state=constructor', badUrl],
  // exit codes refine complete and fail only
  [U, 'state=complete&status_code=0', ok('exit', { signal: { exitStatus: 0 } })],
  [U, 'state=complete&status_code=2', ok('exit', { signal: { exitStatus: 2 } })],
  [U, 'state=fail&status_code=130', ok('exit', { signal: { exitStatus: 130 } })],
  [`${U}/fail`, 'status_code=1', ok('exit', { signal: { exitStatus: 1 } })],
  [U, 'state=fail&status_code=0', ok('fail')],
  [U, 'state=complete&status_code=256', ok('exit', { signal: { exitStatus: 256 } })],
  [U, 'state=complete&status_code=123456', ok('exit', { signal: { exitStatus: 99_999 } })],
  [U, 'state=run&status_code=1', ok('start')],
  [U, 'state=ok&status_code=1', ok('success')],
  [U, 'state=complete&status_code=-1', ok('success')],
  [U, 'state=complete&status_code=abc', ok('success')],
  [U, 'state=complete&status_code=', ok('success')],
  // message (or the legacy msg) is the log
  [U, 'state=fail&message=disk%20full', ok('fail', { log: 'disk full' })],
  [`${U}/complete`, 'msg=legacy', ok('success', { log: 'legacy' })],
  [U, 'state=fail&message=', ok('fail')],
  // duration in seconds
  [U, 'state=complete&duration=12.5', ok('success', { durationMs: 12_500 })],
  [U, 'state=complete&duration=0', ok('success', { durationMs: 0 })],
  [U, 'state=complete&duration=-3', ok('success')],
  [U, 'state=complete&duration=abc', ok('success')],
  [U, 'state=complete&duration=1e9', ok('success')],
  [U, 'state=complete&duration=999999999', ok('success')],
  // forms that match nothing
  ['', '', notFound],
  ['not-a-uuid', 'state=run', notFound],
  [`${U}/start`, '', notFound],
  [`${U}/RUN`, '', notFound],
  [`${U}/constructor`, '', notFound],
  [`${U}/run/extra`, '', notFound],
  [`${U}//run`, '', notFound],
  [`${U}/`, '', notFound],
]

describe('parseCronitorPing', () => {
  it.each(rows)('/cronitor/%s?%s', (path, query, expected) => {
    const segments = path === '' ? [] : path.split('/')
    expect(parseCronitorPing(segments, new URLSearchParams(query))).toEqual(expected)
  })

  it('turns series into a run id: the same for the same series, different for another', () => {
    const a = parseCronitorPing([U], new URLSearchParams('state=run&series=job-1'))
    const b = parseCronitorPing([U, 'complete'], new URLSearchParams('series=job-1'))
    const c = parseCronitorPing([U], new URLSearchParams('state=run&series=job-2'))
    if (!a.ok || !b.ok || !c.ok) throw new Error('parse failed')
    expect(a.signal.rid).toMatch(UUID_V5)
    expect(b.signal.rid).toBe(a.signal.rid)
    expect(c.signal.rid).toMatch(UUID_V5)
    expect(c.signal.rid).not.toBe(a.signal.rid)
  })

  it('derives the series rid deterministically from sha1("cronitor:" + series)', () => {
    // sha1("cronitor:x") = 6865369f e559 ac47 d32e 96923557ef29…, version and variant bits set
    expect(seriesRid('x')).toBe('6865369f-e559-5c47-932e-96923557ef29')
    expect(seriesRid('')).not.toBe(seriesRid(' '))
  })
})
