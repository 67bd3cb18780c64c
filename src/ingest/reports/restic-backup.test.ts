import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { mentionsLock } from '../../domain/run-outcome.js'
import { ERROR_TEXT_LIMIT } from './report-text.js'
import type { ReportedRun } from './reported-run.js'
import { parseResticBackup, RESTIC_UNPARSEABLE } from './restic-backup.js'

const fixture = (name: string): string =>
  readFileSync(new URL(`../../../test/fixtures/tool-output/${name}`, import.meta.url), 'utf8')

interface Case {
  stdout: string
  stderr?: string
  expect: Partial<ReportedRun>
  details?: Record<string, unknown>
  error?: RegExp
}

// Numbers read from the fixtures' summary lines (restic 0.14.0, captured).
const fixtures: Record<string, Case> = {
  'restic-backup.jsonl (178 status lines, big files)': {
    stdout: 'restic-backup.jsonl',
    expect: {
      status: 'succeeded',
      filesNew: 62,
      filesChanged: 0,
      filesTotal: 62,
      sizeBytes: 800210012,
      addedBytes: 800047681,
      durationMs: 4507,
      startedAt: null,
      finishedAt: null,
      exitCode: null,
      error: null,
    },
    details: {
      snapshot_id: '1aacd8cd',
      data_added: 800047681,
      files_unmodified: 0,
      dirs_new: 3,
      dirs_changed: 0,
      restic_version_hint: '<=0.14',
    },
  },
  'restic-backup-first.jsonl': {
    stdout: 'restic-backup-first.jsonl',
    expect: {
      status: 'succeeded',
      filesNew: 22,
      filesTotal: 22,
      sizeBytes: 210012,
      addedBytes: 218405,
      durationMs: 219,
    },
    details: { snapshot_id: '7399c103', dirs_new: 2 },
  },
  'restic-backup-tagged.jsonl': {
    stdout: 'restic-backup-tagged.jsonl',
    expect: {
      status: 'succeeded',
      filesNew: 1,
      filesTotal: 1,
      sizeBytes: 8400000,
      addedBytes: 8400781,
      durationMs: 250,
    },
    details: { snapshot_id: 'f14992d9' },
  },
  'restic-backup-verbose.jsonl (verbose_status lines, scan_finished bug)': {
    stdout: 'restic-backup-verbose.jsonl',
    expect: {
      status: 'succeeded',
      filesNew: 1,
      filesChanged: 1,
      filesTotal: 23,
      sizeBytes: 210024,
      addedBytes: 8754,
    },
    details: { snapshot_id: 'e55b1861', files_unmodified: 21, dirs_changed: 2 },
  },
  'restic-backup-stdin.jsonl (seconds_remaining 9223372036854775808 ignored)': {
    stdout: 'restic-backup-stdin.jsonl',
    expect: {
      status: 'succeeded',
      filesNew: 1,
      filesTotal: 1,
      sizeBytes: 8,
      addedBytes: 292,
      durationMs: 14471,
    },
    details: { snapshot_id: '16175dca' },
  },
  'restic-backup-dryrun.jsonl': {
    stdout: 'restic-backup-dryrun.jsonl',
    expect: {
      status: 'succeeded',
      filesNew: 0,
      filesChanged: 1,
      filesTotal: 23,
      sizeBytes: 210029,
      addedBytes: 8748,
    },
    details: { snapshot_id: '7459b028', dry_run: true, files_unmodified: 22 },
  },
  'restic-backup-partial (rc 0, a missing source on stderr)': {
    stdout: 'restic-backup-partial.jsonl',
    stderr: 'restic-backup-partial.stderr',
    expect: {
      status: 'succeeded',
      filesNew: 0,
      filesTotal: 23,
      sizeBytes: 210024,
      addedBytes: 0,
      durationMs: 211,
    },
    details: { snapshot_id: '95558700', files_unmodified: 23 },
    error: /^\/srv\/lab\/does-not-exist does not exist, skipping$/,
  },
  'restic-backup-incomplete (rc 3, error lines with "error":{})': {
    stdout: 'restic-backup-incomplete.jsonl',
    stderr: 'restic-backup-incomplete.stderr',
    expect: { status: 'warning', filesNew: 1, filesTotal: 1, sizeBytes: 3, addedBytes: 710, durationMs: 211 },
    details: { snapshot_id: '731594d7', error_count: 3 },
    error:
      /^error \(archival\) src\/lockeddir\nerror \(scan\) \/srv\/lab\/nob\/src\/lockeddir\nerror \(archival\) \/srv\/lab\/nob\/src\/secret.txt: open src\/secret.txt: permission denied \(errno 13\)\nWarning: at least one source file could not be read$/,
  },
  'restic-backup-fatal (rc 1, no JSON)': {
    stdout: 'restic-backup-fatal.jsonl',
    stderr: 'restic-backup-fatal.stderr',
    expect: { status: 'failed', sizeBytes: null, durationMs: null, details: {} },
    error:
      /^restic output has no summary line.*\n.*skipping\nFatal: all target directories\/files do not exist$/,
  },
  'restic-backup-sigint (rc 130, only status lines)': {
    stdout: 'restic-backup-sigint.jsonl',
    stderr: 'restic-backup-sigint.stderr',
    expect: { status: 'failed', filesTotal: null },
    error: /no summary line.*\nsignal interrupt received, cleaning up$/,
  },
  'restic-lock-error (empty stdout, lock on stderr)': {
    stdout: 'restic-lock-error-backup.stdout',
    stderr: 'restic-lock-error.txt',
    expect: { status: 'failed', exitCode: null },
    error: /unable to create lock in backend: repository is already locked exclusively by PID 12105/,
  },
}

describe('parseResticBackup over the captured fixtures', () => {
  it.each(Object.entries(fixtures))('%s', (_name, c) => {
    const run = parseResticBackup(fixture(c.stdout), c.stderr ? fixture(c.stderr) : '')
    expect(run).toMatchObject({ kind: 'backup', ...c.expect })
    if (c.details) expect(run.details).toMatchObject(c.details)
    if (c.error) expect(run.error).toMatch(c.error)
  })

  it('reads the lock conflict so that lock detection sees it', () => {
    const run = parseResticBackup('', fixture('restic-lock-error.txt'))
    expect(mentionsLock(run.error)).toBe(true)
  })

  it('keeps dry_run out of the details of a real backup', () => {
    expect(parseResticBackup(fixture('restic-backup.jsonl')).details).not.toHaveProperty('dry_run')
  })

  it('reads restic text redirected into stdout (2>&1)', () => {
    const run = parseResticBackup(fixture('restic-lock-error.txt'))
    expect(run.status).toBe('failed')
    expect(mentionsLock(run.error)).toBe(true)
  })
})

const SNAPSHOT_64 = '5f3a9c1e2b7d4f6a8c0e1d3b5a7f9e2c4d6b8a0f1e3c5d7b9a2f4e6c8d0b1a3f'

const summary017 = {
  message_type: 'summary',
  files_new: 5,
  files_changed: 2,
  files_unmodified: 100,
  dirs_new: 1,
  dirs_changed: 3,
  dirs_unmodified: 20,
  data_blobs: 6,
  tree_blobs: 4,
  data_added: 1048576,
  data_added_packed: 524288,
  total_files_processed: 107,
  total_bytes_processed: 10485760,
  total_duration: 12.5,
  snapshot_id: SNAPSHOT_64,
}
const summary018 = {
  ...summary017,
  backup_start: '2026-11-22T03:00:00.123456789+01:00',
  backup_end: '2026-11-22T03:00:12.623456789+01:00',
}
const line = (o: unknown): string => `${JSON.stringify(o)}\n`
const status = line({ message_type: 'status', percent_done: 0.5, total_files: 107, files_done: 50 })

describe('parseResticBackup with newer restic (synthetic lines)', () => {
  it('0.17: data_added_packed is the added bytes, data_added stays in details', () => {
    const run = parseResticBackup(status + line(summary017))
    expect(run).toMatchObject({
      status: 'succeeded',
      addedBytes: 524288,
      sizeBytes: 10485760,
      filesTotal: 107,
      filesNew: 5,
      filesChanged: 2,
      durationMs: 12500,
      startedAt: null,
      finishedAt: null,
    })
    expect(run.details).toMatchObject({
      snapshot_id: SNAPSHOT_64,
      data_added: 1048576,
      data_added_packed: 524288,
      restic_version_hint: '>=0.17',
    })
  })

  it('0.15/0.16: a 64-hex snapshot id without data_added_packed', () => {
    const { data_added_packed: _packed, ...summary015 } = summary017
    const run = parseResticBackup(line(summary015))
    expect(run.addedBytes).toBe(1048576)
    expect(run.details.restic_version_hint).toBe('>=0.15')
  })

  it('0.18: backup_start/backup_end give startedAt/finishedAt', () => {
    const run = parseResticBackup(status + line(summary018))
    expect(run.startedAt).toBe(Date.UTC(2026, 10, 22, 2, 0, 0, 123))
    expect(run.finishedAt).toBe(Date.UTC(2026, 10, 22, 2, 0, 12, 623))
    expect(run.details.restic_version_hint).toBe('>=0.18')
  })

  it('0.18: an exit_error line with code 3 after the summary is a warning', () => {
    const stderr =
      line({
        message_type: 'error',
        error: { message: 'open /home/ann/secret: permission denied' },
        during: 'archival',
        item: '/home/ann/secret',
      }) +
      line({
        message_type: 'exit_error',
        code: 3,
        message: 'Warning: at least one source file could not be read',
      })
    const run = parseResticBackup(line(summary018), stderr)
    expect(run.status).toBe('warning')
    expect(run.exitCode).toBe(3)
    expect(run.error).toBe(
      'Warning: at least one source file could not be read\nerror (archival) /home/ann/secret: open /home/ann/secret: permission denied',
    )
  })

  it('0.18: a lock failure is an exit_error line with code 11 and no summary', () => {
    const stderr = line({
      message_type: 'exit_error',
      code: 11,
      message:
        'Fatal: unable to create lock in backend: repository is already locked exclusively by PID 4242 on db1 by root (UID 0, GID 0)',
    })
    const run = parseResticBackup('', stderr)
    expect(run).toMatchObject({ status: 'failed', exitCode: 11 })
    expect(run.error).toMatch(/^restic output has no summary line/)
    expect(mentionsLock(run.error)).toBe(true)
  })

  it('an exit code other than 0 or 3 after a summary is a failure', () => {
    const run = parseResticBackup(
      line(summary018),
      line({ message_type: 'exit_error', code: 1, message: 'Fatal: boom' }),
    )
    expect(run).toMatchObject({ status: 'failed', exitCode: 1, error: 'Fatal: boom' })
  })

  it('quotes the first five error lines and counts the rest', () => {
    let stderr = ''
    for (let i = 0; i < 40; i++)
      stderr += line({ message_type: 'error', error: {}, during: 'archival', item: `/f${i}` })
    const run = parseResticBackup(line(summary017), stderr)
    expect(run.status).toBe('warning')
    expect(run.details.error_count).toBe(40)
    expect(run.error?.split('\n')).toEqual([
      'error (archival) /f0',
      'error (archival) /f1',
      'error (archival) /f2',
      'error (archival) /f3',
      'error (archival) /f4',
      '… and 35 more error lines',
    ])
  })
})

describe('parseResticBackup on damaged or foreign input', () => {
  it('ignores numbers above 2^53', () => {
    const text =
      '{"message_type":"status","seconds_elapsed":12,"seconds_remaining":9223372036854775808,"percent_done":0}\n' +
      '{"message_type":"summary","files_new":9007199254740993,"files_changed":0,"data_added":9223372036854775808,' +
      '"total_files_processed":3,"total_bytes_processed":18446744073709551615,"total_duration":1.5,"snapshot_id":"0123abcd"}\n'
    const run = parseResticBackup(text)
    expect(run).toMatchObject({
      status: 'succeeded',
      filesNew: null,
      filesChanged: 0,
      addedBytes: null,
      sizeBytes: null,
      filesTotal: 3,
      durationMs: 1500,
    })
    expect(run.details).not.toHaveProperty('data_added')
  })

  it('a truncated summary line leaves no summary', () => {
    const text = fixture('restic-backup-first.jsonl')
    const run = parseResticBackup(text.slice(0, text.length - 60))
    expect(run.status).toBe('failed')
    expect(run.error).toMatch(/^restic output has no summary line/)
    expect(run.sizeBytes).toBeNull()
  })

  it.each(['latin1', 'utf8'] as const)('random bytes (%s) are reported, not thrown', (encoding) => {
    const run = parseResticBackup(randomBytes(256 * 1024).toString(encoding))
    expect(run).toMatchObject({ kind: 'backup', status: 'failed', error: RESTIC_UNPARSEABLE, details: {} })
  })

  it('random bytes on stderr become bounded, printable error text', () => {
    const run = parseResticBackup('', randomBytes(256 * 1024).toString('latin1'))
    expect(run.status).toBe('failed')
    expect(run.error!.length).toBeLessThanOrEqual(ERROR_TEXT_LIMIT)
    expect(run.error).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f]/)
  })

  it('empty output', () => {
    expect(parseResticBackup('', '')).toMatchObject({ status: 'failed', error: RESTIC_UNPARSEABLE })
  })

  it('JSON of another restic command is not a backup summary', () => {
    const run = parseResticBackup(fixture('restic-snapshots.json'))
    expect(run).toMatchObject({ status: 'failed', error: RESTIC_UNPARSEABLE })
  })

  it('bounds a flood of plain stderr text', () => {
    const stderr = Array.from(
      { length: 20_000 },
      (_, i) => `error: read /data/file-${i}: input/output error`,
    ).join('\n')
    const run = parseResticBackup('', `${stderr}\nFatal: the end`)
    expect(run.error!.length).toBeLessThanOrEqual(ERROR_TEXT_LIMIT)
    expect(run.error!.endsWith('Fatal: the end')).toBe(true)
  })

  it('reads a 5 MB run of status lines followed by a summary', () => {
    const statusLine =
      '{"message_type":"status","seconds_elapsed":4,"percent_done":0.5,"total_files":62,"files_done":31,"total_bytes":800210012,"bytes_done":400105006,"current_files":["/big/f1.bin","/big/f10.bin"]}\n'
    const big =
      statusLine.repeat(Math.ceil((5 * 1024 * 1024) / statusLine.length)) + fixture('restic-backup.jsonl')
    expect(big.length).toBeGreaterThan(5 * 1024 * 1024)
    const run = parseResticBackup(big)
    expect(run).toMatchObject({
      status: 'succeeded',
      sizeBytes: 800210012,
      addedBytes: 800047681,
      filesTotal: 62,
    })
  })
})
