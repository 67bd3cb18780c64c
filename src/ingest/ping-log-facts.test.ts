// The numbers and the error line a ping's body gives, on what borgmatic 1.7.7 / borg 1.2.4 really
// sent (test/fixtures/tool-output) and on cut, garbled and foreign text.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { archiveFactsOfLog, errorOfLog } from './ping-log-facts.js'
import { borgDurationMs, borgSizeBytes, parseBorgStatsText } from './reports/borg-stats-text.js'

const fixture = (name: string): string =>
  readFileSync(new URL(`../../test/fixtures/tool-output/${name}`, import.meta.url), 'utf8')

/** The bodies borgmatic's healthchecks hook sent, in order (start, finish, …, fail). */
const hookBodies = (): { path: string; body: string }[] =>
  fixture('borgmatic-healthchecks-pings.jsonl')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { path: string; body: string })

/** borgmatic 1.7.7's fail body for a repository that is gone (captured 2026-12-05, Debian 12). */
const NO_REPO_FAIL =
  'Repository /tmp/il-lab/repo does not exist.\n' +
  '/tmp/il-lab/repo: Error running actions for repository\n' +
  "Command 'borg create /tmp/il-lab/repo::{hostname}-{now:%Y-%m-%dT%H:%M:%S.%f} /tmp/il-lab/src --info --stats' returned non-zero exit status 2.\n"

const ONE_ARCHIVE = `Creating archive at "/tmp/r::vm-1"
------------------------------------------------------------------------------
Repository: /tmp/r
Archive name: vm-1
Archive fingerprint: dfa7deab
Time (start): Sat, 2026-12-05 13:15:16
Time (end):   Sat, 2026-12-05 13:17:18
Duration: 2 minutes 1.52 seconds
Number of files: 5
Utilization of max. archive size: 0%
------------------------------------------------------------------------------
                       Original size      Compressed size    Deduplicated size
This archive:                1.23 MB             456 kB              12 kB
All archives:                9.87 GB             6.54 GB            3.21 GB
                       Unique chunks         Total chunks
Chunk index:                       3                    3
------------------------------------------------------------------------------
`

describe('borg sizes and durations as borg 1.2 prints them', () => {
  it.each([
    ['557', 'B', 557],
    ['0', 'B', 0],
    ['1.23', 'kB', 1230],
    ['8.61', 'MB', 8_610_000],
    ['243.71', 'kB', 243_710],
    ['1.5', 'GB', 1_500_000_000],
    ['2.25', 'TB', 2_250_000_000_000],
    ['1.50', 'KiB', 1536],
    ['1.00', 'MiB', 1_048_576],
    ['2.00', 'GiB', 2 * 1024 ** 3],
  ])('%s %s = %d bytes', (value, unit, bytes) => {
    expect(borgSizeBytes(value, unit)).toBe(bytes)
  })

  it.each([
    ['1.5', 'B'],
    ['1', 'KB'],
    ['1', 'kiB'],
    ['1', 'xB'],
    ['1', 'MBB'],
  ])('%s %s is no size', (value, unit) => {
    expect(borgSizeBytes(value, unit)).toBeNull()
  })

  it.each([
    ['0.00 seconds', 0],
    ['1.52 seconds', 1520],
    ['2 minutes 1.52 seconds', 121_520],
    ['1 hours 5.00 seconds', 3_605_000],
    ['1 days 2 hours 3 minutes 4.50 seconds', ((26 * 60 + 3) * 60 + 4.5) * 1000],
  ])('Duration: %s = %d ms', (text, ms) => {
    expect(borgDurationMs(text)).toBe(ms)
  })

  it('a duration that is not borg’s is none', () => {
    expect(borgDurationMs('soon')).toBeNull()
    expect(borgDurationMs('5 minutes')).toBeNull()
  })
})

describe('archiveFactsOfLog', () => {
  it('a create with --stats: size, added, files, duration, archive, repository, compressed size', () => {
    expect(archiveFactsOfLog(ONE_ARCHIVE)).toEqual({
      sizeBytes: 1_230_000,
      addedBytes: 12_000,
      filesTotal: 5,
      durationMs: 121_520,
      details: {
        archive: 'vm-1',
        archive_id: 'dfa7deab',
        compressed_size: 456_000,
        repository: '/tmp/r',
        local_start: 'Sat, 2026-12-05 13:15:16',
        local_end: 'Sat, 2026-12-05 13:17:18',
      },
    })
  })

  it('the healthchecks hook’s finish body (two repositories): the largest, every repository in details', () => {
    const finish = hookBodies().find((p) => p.path === '/ping/0b5c1e6e-demo' && p.body !== '')!
    const facts = archiveFactsOfLog(finish.body)!
    expect(facts).toMatchObject({ sizeBytes: 8_610_000, addedBytes: 572, filesTotal: 28, durationMs: 10 })
    expect(facts.details).toMatchObject({
      archive: 'vm-2026-11-22T05:36:38.835994',
      repository: '/srv/lab/borgmatic/repo1',
      compressed_size: 243_710,
    })
    expect(facts.details.repositories).toEqual([
      expect.objectContaining({
        repository: '/srv/lab/borgmatic/repo1',
        original_size: 8_610_000,
        nfiles: 28,
      }),
      expect.objectContaining({
        repository: '/srv/lab/borgmatic/repo2',
        archive: 'vm-2026-11-22T05:36:39.112505',
        deduplicated_size: 572,
      }),
    ])
  })

  it('a whole borgmatic run (prune, compact, create, check): only the created archives, not prune’s totals', () => {
    const archives = parseBorgStatsText(fixture('borgmatic-default-run-stats.txt'))
    expect(archives.map((a) => [a.repository, a.originalSize, a.deduplicatedSize, a.nfiles])).toEqual([
      ['/srv/lab/borgmatic/repo1', 8_610_000, 557, 24],
      ['/srv/lab/borgmatic/repo2', 8_610_000, 564, 26],
    ])
  })

  it('timestamps or a prefix before each line (a log file) still read', () => {
    const prefixed = ONE_ARCHIVE.split('\n')
      .map((l) => `[2026-12-05 13:17:18,001] INFO: ${l}`)
      .join('\n')
    expect(archiveFactsOfLog(prefixed)).toMatchObject({ sizeBytes: 1_230_000, filesTotal: 5 })
  })

  it.each([
    ['an empty body', ''],
    ['a log without stats', 'all good\n'],
    ['a fail body', NO_REPO_FAIL],
    ['only the totals', 'All archives:   1.00 MB  1.00 MB  1.00 MB\n'],
    ['the stats row cut off', ONE_ARCHIVE.slice(0, ONE_ARCHIVE.indexOf('This archive:') + 30)],
    ['a garbled size', ONE_ARCHIVE.replace('456 kB', '4x6 kB')],
    ['an unknown unit', ONE_ARCHIVE.replace('456 kB', '456 QB')],
    ['a fourth column', ONE_ARCHIVE.replace('12 kB', '12 kB   7 B')],
    ['binary noise', '\u0000\uFFFDThis archive: \u0000 MB\n'.repeat(50)],
  ])('%s gives no numbers', (_, text) => {
    expect(archiveFactsOfLog(text)).toBeNull()
  })

  it('a cut-off archive before a complete one gives the complete one’s numbers only', () => {
    const cut = ONE_ARCHIVE.slice(0, ONE_ARCHIVE.indexOf('Number of files'))
    const second = ONE_ARCHIVE.replaceAll('/tmp/r', '/tmp/r2').replace(
      'Number of files: 5',
      'Number of files: 7',
    )
    const archives = parseBorgStatsText(`...\n${cut}${second}`)
    expect(archives.map((a) => [a.repository, a.nfiles])).toEqual([['/tmp/r2', 7]])
  })

  it('a file count or duration that does not read is left out, the sizes kept', () => {
    const text = ONE_ARCHIVE.replace('Number of files: 5', 'Number of files: many').replace(
      'Duration: 2 minutes 1.52 seconds',
      'Duration: long',
    )
    expect(archiveFactsOfLog(text)).toMatchObject({
      sizeBytes: 1_230_000,
      filesTotal: null,
      durationMs: null,
    })
  })
  it('a 100 KB line of spaces after a field name reads in linear time (the ping path)', () => {
    const spaces = ' '.repeat(50_000)
    const text = `${ONE_ARCHIVE}Duration:${spaces}x${spaces}y\n`
    const started = performance.now()
    expect(archiveFactsOfLog(text)?.sizeBytes).toBe(1_230_000)
    // quadratic matching took seconds here; linear is well under a millisecond a kilobyte
    expect(performance.now() - started).toBeLessThan(250)
  })
})

describe('errorOfLog', () => {
  it('borg’s own error before borgmatic’s wrapper lines (repository gone)', () => {
    expect(errorOfLog(NO_REPO_FAIL)).toBe('Repository /tmp/il-lab/repo does not exist.')
  })

  it('the hook’s captured fail body: borgmatic’s "Command … returned non-zero exit status 2." line', () => {
    const fail = hookBodies().find((p) => p.path.endsWith('/fail'))!
    expect(errorOfLog(fail.body)).toMatch(/^Command 'borg create .* returned non-zero exit status 2\.$/)
  })

  it.each([
    [
      'not a valid repository',
      'x\n/srv/repo is not a valid repository. Check repo config.\ny\n',
      '/srv/repo is not a valid repository. Check repo config.',
    ],
    [
      'a lock timeout',
      'Failed to create/acquire the lock /r/lock.exclusive (timeout).\n',
      'Failed to create/acquire the lock /r/lock.exclusive (timeout).',
    ],
    [
      'a line saying error',
      'starting\nborg: Error: something broke\ncleanup done\n',
      'borg: Error: something broke',
    ],
    ['the last line otherwise', 'starting\ndisk full?\n\n', 'disk full?'],
    ['a log with separators and the truncation mark', '...\nlast words\n-----------------\n', 'last words'],
  ])('%s', (_, log, line) => {
    expect(errorOfLog(log)).toBe(line)
  })

  it('an empty log gives none; a long line is cut to 500 characters', () => {
    expect(errorOfLog('')).toBeNull()
    expect(errorOfLog('\n \n')).toBeNull()
    const line = errorOfLog(`Error: ${'x'.repeat(2000)}`)!
    expect(line).toHaveLength(500)
    expect(line.endsWith('…')).toBe(true)
  })
})
