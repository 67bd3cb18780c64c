// restic snapshots --json, borg list --json and borgmatic list --json → snapshot instants, over
// the real outputs in test/fixtures/tool-output and over broken input.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parseBorgList, parseBorgmaticList } from './borg-list.js'
import { ReportParseError } from './report-parse-error.js'
import { parseResticSnapshots } from './restic-snapshots.js'

const fixture = (name: string): string =>
  readFileSync(new URL(`../../../test/fixtures/tool-output/${name}`, import.meta.url), 'utf8')
const t = (iso: string) => Date.parse(iso)

describe('parseResticSnapshots', () => {
  it.each([
    [
      'restic-snapshots.json',
      [
        '2026-11-22T05:25:47.290Z',
        '2026-11-22T05:25:57.490Z',
        '2026-11-22T05:26:10.279Z',
        '2026-11-22T05:26:14.764Z',
      ],
    ],
    [
      'restic-snapshots-grouped.json',
      [
        '2026-11-22T05:25:47.290Z',
        '2026-11-22T05:25:57.490Z',
        '2026-11-22T05:26:10.279Z',
        '2026-11-22T05:26:14.764Z',
        '2026-11-22T05:26:42.028Z',
      ],
    ],
    ['restic-snapshots-tagged.json', ['2026-11-22T05:26:42.028Z']],
    [
      'restic-snapshots-latest1.json',
      [
        '2026-11-22T05:25:57.490Z',
        '2026-11-22T05:26:42.028Z',
        '2026-11-22T05:28:37.072Z',
        '2026-11-22T05:28:49.018Z',
        '2026-11-22T05:29:30.028Z',
      ],
    ],
  ])('%s', (name, expected) => {
    expect(parseResticSnapshots(fixture(name))).toEqual(expected.map(t))
  })

  it('reads an empty list and times with an offset', () => {
    expect(parseResticSnapshots('[]')).toEqual([])
    expect(parseResticSnapshots('[{"time":"2026-03-29T02:30:00.123456789+02:00"}]')).toEqual([
      t('2026-03-29T00:30:00.123Z'),
    ])
    expect(parseResticSnapshots('[{"group_key":{},"snapshots":[]}]')).toEqual([])
  })

  it.each([
    ['', /not valid JSON/],
    ['restic: repository does not exist', /not valid JSON/],
    ['{"time":"2026-11-22T05:25:47Z"}', /must be a JSON array .*got an object/],
    ['"x"', /must be a JSON array .*got string/],
    ['[1]', /snapshot 1 is not an object/],
    ['[{"time":"2026-11-22T05:25:47Z"},{"id":"x"}]', /snapshot 2 has no valid "time"/],
    ['[{"time":"yesterday"}]', /snapshot 1 has no valid "time"/],
    ['[{"time":"2026-11-22T05:25:47"}]', /snapshot 1 has no valid "time"/],
    ['[{"group_key":{},"snapshots":[{"time":"2026-11-22T05:25:47Z"},null]}]', /group 1, snapshot 2 is not/],
  ])('rejects %j', (output, message) => {
    expect(() => parseResticSnapshots(output)).toThrow(ReportParseError)
    expect(() => parseResticSnapshots(output)).toThrow(message)
  })
})

describe('parseBorgList', () => {
  it('reads borg 1.2 naive local times as UTC unless told the offset', () => {
    const output = fixture('borg-list.json')
    expect(parseBorgList(output)).toEqual([t('2026-11-22T05:29:47Z'), t('2026-11-22T05:29:53Z')])
    expect(parseBorgList(output, 60)).toEqual([t('2026-11-22T04:29:47Z'), t('2026-11-22T04:29:53Z')])
    expect(parseBorgList(output, -300)).toEqual([t('2026-11-22T10:29:47Z'), t('2026-11-22T10:29:53Z')])
  })

  it('takes `time` when there is no `start`, and a zone when there is one', () => {
    const output = JSON.stringify({
      archives: [{ name: 'a', time: '2026-01-02T03:04:05.000000' }, { start: '2026-01-02T03:04:05+01:00' }],
    })
    expect(parseBorgList(output, 120)).toEqual([t('2026-01-02T01:04:05Z'), t('2026-01-02T02:04:05Z')])
    expect(parseBorgList('{"archives": []}')).toEqual([])
  })

  it.each([
    ['', /borg list output is not valid JSON/],
    ['{}', /no "archives" list/],
    ['{"archives": {}}', /no "archives" list/],
    ['[{"archives": []}]', /JSON array.*format=borgmatic/],
    ['{"archives": [null]}', /archive 1 is not an object/],
    ['{"archives": [{"name": "x"}]}', /archive 1 has no valid "start" or "time"/],
    ['{"archives": [{"start": "2026-02-30T00:00:00"}]}', /archive 1 has no valid/],
  ])('rejects %j', (output, message) => {
    expect(() => parseBorgList(output)).toThrow(ReportParseError)
    expect(() => parseBorgList(output)).toThrow(message)
  })
})

describe('parseBorgmaticList', () => {
  it.each(['borgmatic-list.json', 'borgmatic-rlist.json'])(
    '%s: the first of equally full repositories',
    (name) => {
      expect(parseBorgmaticList(fixture(name))).toEqual([t('2026-11-22T05:32:04Z')])
      expect(parseBorgmaticList(fixture(name), 60)).toEqual([t('2026-11-22T04:32:04Z')])
    },
  )

  it('counts the repository with the most archives', () => {
    const repo = (...starts: string[]) => ({ archives: starts.map((start) => ({ start })) })
    const output = JSON.stringify([
      repo('2026-11-20T02:00:00'),
      repo('2026-11-01T02:00:00', '2026-11-10T02:00:00', '2026-11-20T02:00:00'),
      repo('2026-11-19T02:00:00', '2026-11-20T02:00:00'),
    ])
    expect(parseBorgmaticList(output)).toEqual(
      ['2026-11-01T02:00:00Z', '2026-11-10T02:00:00Z', '2026-11-20T02:00:00Z'].map(t),
    )
    expect(parseBorgmaticList('[]')).toEqual([])
    // plain borg list output is accepted too
    expect(parseBorgmaticList(fixture('borg-list.json'))).toHaveLength(2)
  })

  it.each([
    ['not json', /borgmatic list output is not valid JSON/],
    ['[{"archives": []}, 5]', /repository 2\) output has no "archives" list/],
    ['[{"archives": [{"time": "never"}]}]', /repository 1\) output: archive 1 has no valid/],
  ])('rejects %j', (output, message) => {
    expect(() => parseBorgmaticList(output)).toThrow(ReportParseError)
    expect(() => parseBorgmaticList(output)).toThrow(message)
  })
})
