import { describe, expect, it } from 'vitest'
import { parseCronhubPing } from './cronhub-path.js'

const U = '3f1d2c4b-5a69-4e7b-8c9d-0a1b2c3d4e5f'
const ok = (action: string, log: string | null = null) => ({
  ok: true,
  uuid: U,
  signal: { action, exitStatus: null, rid: null },
  log,
  durationMs: null,
})
const notFound = { ok: false, status: 404, body: 'not found' }

const rows: [path: string, query: string, expected: unknown][] = [
  [`start/${U}`, '', ok('start')],
  [`finish/${U}`, '', ok('success')],
  [`ping/${U}`, '', ok('success')],
  [`fail/${U}`, '', ok('fail')],
  [`finish/${U.toUpperCase()}`, '', ok('success')],
  [`fail/${U}`, 'payload=exit%202', ok('fail', 'exit 2')],
  [`finish/${U}`, 'payload=', ok('success')],
  [`finish/${U}`, 'duration=5&status_code=3', ok('success')],
  [U, '', notFound],
  [`run/${U}`, '', notFound],
  [`START/${U}`, '', notFound],
  [`constructor/${U}`, '', notFound],
  [`start/not-a-uuid`, '', notFound],
  [`start/${U}/extra`, '', notFound],
  [`start/${U}/`, '', notFound],
  [`start`, '', notFound],
  ['', '', notFound],
]

describe('parseCronhubPing', () => {
  it.each(rows)('/cronhub/%s?%s', (path, query, expected) => {
    const segments = path === '' ? [] : path.split('/')
    expect(parseCronhubPing(segments, new URLSearchParams(query))).toEqual(expected)
  })
})
