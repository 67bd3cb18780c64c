// Large bodies are parsed on the worker thread, small ones inline: the same results and the same
// typed errors either way.
import { describe, expect, it } from 'vitest'
import { emptyRunReport } from '../run-report.js'
import { INLINE_PARSE_MAX_BYTES, parseOffLoop } from './parse-thread.js'
import { EmptyOutput, ReportParseError } from './report-parse-error.js'
import { TooManyEntries } from './too-many-entries.js'

const { job: _job, ...base } = emptyRunReport('')
const time = '2026-11-22T01:00:00Z'
const statusTask = (profiles = 10) =>
  ({
    kind: 'tool',
    request: {
      format: 'resticprofile',
      job: null,
      jobPrefix: null,
      base: { ...base, source: 'resticprofile', create: true },
      utcOffsetMinutes: null,
      limits: { profiles, entries: 100 },
    },
  }) as const
const snapshotsTask = {
  kind: 'snapshots',
  request: { format: 'restic', utcOffsetMinutes: 0, now: Date.parse(time), maxSnapshots: 10 },
} as const

/** `text` padded with blanks past the inline limit: JSON that must go to the worker. */
const big = (text: string) => Buffer.concat([Buffer.from(text), Buffer.alloc(INLINE_PARSE_MAX_BYTES, ' ')])
const small = (text: string) => Buffer.from(text)
const file = JSON.stringify({
  profiles: { a: { backup: { success: true, time } }, b: { check: { success: false, time } } },
})

async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise
  } catch (err) {
    return err
  }
  throw new Error('expected a failure')
}

describe.each([
  ['inline', small],
  ['on the worker', big],
])('parseOffLoop %s', (_where, body) => {
  it('reads a status file into run reports, a snapshot list into facts', async () => {
    const sent = body(file)
    const copy = Buffer.from(sent)
    const { value: reports, body: back } = await parseOffLoop(statusTask(), sent)
    // the caller gets the body back whole (a restic output is the run's log)
    expect(back.equals(copy)).toBe(true)
    expect(reports.map((r) => [r.job, r.kind, r.status])).toEqual([
      ['a', 'backup', 'succeeded'],
      ['b', 'check', 'failed'],
    ])
    const { value: facts } = await parseOffLoop(snapshotsTask, body(JSON.stringify([{ time }])))
    expect(facts).toMatchObject({ count: 1, oldestAt: Date.parse(time) })
  })

  it('gives back the typed errors', async () => {
    expect(await failure(parseOffLoop(statusTask(), body('{"profiles": [')))).toBeInstanceOf(ReportParseError)
    const tooMany = await failure(parseOffLoop(statusTask(1), body(file)))
    expect(tooMany).toBeInstanceOf(TooManyEntries)
    expect((tooMany as TooManyEntries).over).toMatchObject({ limit: 'profilesPerFile', count: 2, max: 1 })
    expect(await failure(parseOffLoop(snapshotsTask, body(' \n')))).toBeInstanceOf(EmptyOutput)
  })
})
