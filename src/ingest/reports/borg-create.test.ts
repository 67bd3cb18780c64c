import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { mentionsLock } from '../../domain/run-outcome.js'
import { classifyBorgExit, parseBorgCreate, readBorgStderr } from './borg-create.js'
import { ERROR_TEXT_LIMIT } from './report-text.js'
import type { ReportedRun } from './reported-run.js'

const fixture = (name: string): string =>
  readFileSync(new URL(`../../../test/fixtures/tool-output/${name}`, import.meta.url), 'utf8')

interface Case {
  stdout: string
  stderr?: string
  utcOffsetMinutes?: number | null
  expect: Partial<ReportedRun>
  details?: Record<string, unknown>
  error?: RegExp
}

// Numbers read from the fixtures (borg 1.2.4).
const cases: Record<string, Case> = {
  'borg-create.json': {
    stdout: 'borg-create.json',
    expect: {
      kind: 'backup',
      status: 'succeeded',
      sizeBytes: 210554,
      addedBytes: 210593,
      filesTotal: 23,
      durationMs: 5,
      startedAt: null,
      finishedAt: null,
      filesNew: null,
      filesChanged: null,
      exitCode: null,
      error: null,
    },
    details: {
      archive: 'first-20261122-052947',
      archive_id: '2bed849f3c5e24d5681f6c32310c63dc7ef7f075c015dc3c4507cec6ae8c6df4',
      compressed_size: 210593,
      repository: '/srv/lab/borg-repo',
      local_start: '2026-11-22T05:29:47.000000',
      local_end: '2026-11-22T05:29:47.000000',
    },
  },
  'borg-create-big.json, host in New York (UTC-5): naive local times converted': {
    stdout: 'borg-create-big.json',
    utcOffsetMinutes: -300,
    expect: {
      status: 'succeeded',
      sizeBytes: 808610566,
      addedBytes: 800034524,
      filesTotal: 64,
      durationMs: 2431,
      startedAt: Date.UTC(2026, 10, 22, 5, 29, 53),
      finishedAt: Date.UTC(2026, 10, 22, 5, 29, 55),
    },
    details: {
      archive: 'big-2026-11-22T00:29:53',
      compressed_size: 800244617,
      local_start: '2026-11-22T00:29:53.000000',
    },
  },
  'borg-create-big.json without an offset: no times': {
    stdout: 'borg-create-big.json',
    utcOffsetMinutes: null,
    expect: { startedAt: null, finishedAt: null, durationMs: 2431 },
  },
  'borg-create-empty.json (captured here: empty directory)': {
    stdout: 'borg-create-empty.json',
    utcOffsetMinutes: 0,
    expect: {
      status: 'succeeded',
      filesTotal: 0,
      sizeBytes: 516,
      addedBytes: 484,
      startedAt: Date.UTC(2026, 11, 1, 18, 34, 26),
    },
    details: { archive: 'empty-20261201-183426' },
  },
  'borg-create-progress.json with its --log-json progress stderr': {
    stdout: 'borg-create-progress.json',
    stderr: 'borg-create-progress-logjson.jsonl',
    expect: {
      status: 'succeeded',
      sizeBytes: 150000541,
      addedBytes: 150000669,
      filesTotal: 5,
      durationMs: 362,
      error: null,
    },
  },
  'borg-create-warning (rc 1, plain stderr)': {
    stdout: 'borg-create-warning.json',
    stderr: 'borg-create-warning.stderr',
    expect: { status: 'warning', sizeBytes: 523, addedBytes: 495, filesTotal: 1 },
    error:
      /^src\/secret.txt: open: \[Errno 13\] Permission denied: 'secret.txt'\nsrc\/lockeddir: dir_open: .*$/,
  },
  'borg-create-warning-logjson (rc 1, WARNING log_message lines)': {
    stdout: 'borg-create-warning-logjson.json',
    stderr: 'borg-create-warning-logjson.stderr',
    expect: { status: 'warning', sizeBytes: 534, addedBytes: 499, filesTotal: 1 },
    details: { archive: 'warn2', repository: '/srv/lab/nob/borgrepo' },
    error:
      /^src\/secret.txt: open: \[Errno 13\] Permission denied: 'secret.txt'\nsrc\/lockeddir: dir_open: .*$/,
  },
  'borg-create-list-verbose (captured here: -v --list --show-rc, all noise)': {
    stdout: 'borg-create-list-verbose.json',
    stderr: 'borg-create-list-verbose.stderr',
    expect: { status: 'succeeded', exitCode: 0, error: null, filesTotal: 4, sizeBytes: 15542 },
  },
  'borg-create-list-logjson (captured here: INFO and file_status lines)': {
    stdout: 'borg-create-list-logjson.json',
    stderr: 'borg-create-list-logjson.stderr',
    expect: {
      status: 'succeeded',
      exitCode: 0,
      error: null,
      filesTotal: 5,
      sizeBytes: 15564,
      addedBytes: 525,
    },
  },
  'borg-lock-error (rc 2, empty stdout, plain stderr)': {
    stdout: 'borg-lock-error.stdout',
    stderr: 'borg-lock-error.txt',
    expect: { status: 'failed', sizeBytes: null, details: {} },
    error:
      /^could not parse borg output: borg printed no JSON.*\nFailed to create\/acquire the lock \/srv\/lab\/borg-repo\/lock.exclusive \(timeout\).$/,
  },
  'borg-lock-error-logjson (msgid LockTimeout kept)': {
    stdout: 'borg-lock-error.stdout',
    stderr: 'borg-lock-error-logjson.txt',
    expect: { status: 'failed', exitCode: null },
    error: /\nFailed to create\/acquire the lock .* \(timeout\)\. \[LockTimeout\]$/,
  },
  'borg-lock-error-showrc-logjson (rc announced)': {
    stdout: 'borg-lock-error.stdout',
    stderr: 'borg-lock-error-showrc-logjson.txt',
    expect: { status: 'failed', exitCode: 2 },
    error: /\[LockTimeout\]\nterminating with error status, rc 2$/,
  },
  'borg-no-repo-logjson': {
    stdout: 'borg-lock-error.stdout',
    stderr: 'borg-no-repo-logjson.txt',
    expect: { status: 'failed' },
    error: /Repository \/srv\/lab\/nonexistent-borg does not exist\. \[Repository\.DoesNotExist\]$/,
  },
  'borg list --json is not a create result': {
    stdout: 'borg-list.json',
    expect: { status: 'failed', error: 'could not parse borg output: the JSON has no "archive" object' },
  },
  'borgmatic output is not a borg create result': {
    stdout: 'borgmatic-create.json',
    expect: { status: 'failed' },
    error: /^could not parse borg output: expected the object of one borg create, got a JSON array/,
  },
}

describe('parseBorgCreate', () => {
  it.each(Object.entries(cases))('%s', (_name, c) => {
    const run = parseBorgCreate(fixture(c.stdout), {
      utcOffsetMinutes: c.utcOffsetMinutes,
      stderr: c.stderr ? fixture(c.stderr) : undefined,
    })
    expect(run).toMatchObject(c.expect)
    if (c.details) expect(run.details).toMatchObject(c.details)
    if (c.error) expect(run.error).toMatch(c.error)
  })

  it.each(['borg-lock-error.txt', 'borg-lock-error-logjson.txt', 'borg-lock-error-showrc-logjson.txt'])(
    '%s reads as a lock conflict',
    (stderr) => {
      expect(mentionsLock(parseBorgCreate('', { stderr: fixture(stderr) }).error)).toBe(true)
    },
  )

  it('uses the zone borg 1.4 may write, with or without an offset', () => {
    const json = fixture('borg-create.json')
      .replace('"start": "2026-11-22T05:29:47.000000"', '"start": "2026-11-22T05:29:47.250000+01:00"')
      .replace('"end": "2026-11-22T05:29:47.000000"', '"end": "2026-11-22T05:29:48+01:00"')
    expect(parseBorgCreate(json)).toMatchObject({
      startedAt: Date.UTC(2026, 10, 22, 4, 29, 47, 250),
      finishedAt: Date.UTC(2026, 10, 22, 4, 29, 48),
    })
    expect(parseBorgCreate(json, { utcOffsetMinutes: -300 }).startedAt).toBe(
      Date.UTC(2026, 10, 22, 4, 29, 47, 250),
    )
  })

  it('ignores sizes above 2^53', () => {
    const json = fixture('borg-create.json').replace(
      '"original_size": 210554',
      '"original_size": 9007199254740993',
    )
    expect(parseBorgCreate(json)).toMatchObject({ status: 'succeeded', sizeBytes: null, addedBytes: 210593 })
  })

  it('truncated JSON', () => {
    const text = fixture('borg-create-big.json')
    const run = parseBorgCreate(text.slice(0, text.length / 2))
    expect(run.status).toBe('failed')
    expect(run.error).toMatch(/^could not parse borg output: invalid JSON \(/)
  })

  it.each(['latin1', 'utf8'] as const)('random bytes (%s)', (encoding) => {
    const run = parseBorgCreate(randomBytes(64 * 1024).toString(encoding))
    expect(run.status).toBe('failed')
    expect(run.error).toMatch(/^could not parse borg output: /)
    expect(run.error!.length).toBeLessThanOrEqual(ERROR_TEXT_LIMIT)
  })

  it('bounds a flood of warnings', () => {
    const stderr = Array.from(
      { length: 10_000 },
      (_, i) =>
        `{"type": "log_message", "time": 1, "message": "f${i}: open: [Errno 13] Permission denied", "levelname": "WARNING", "name": "borg.archiver"}`,
    ).join('\n')
    const run = parseBorgCreate(fixture('borg-create.json'), { stderr })
    expect(run.status).toBe('warning')
    expect(run.error!.length).toBeLessThanOrEqual(ERROR_TEXT_LIMIT)
  })

  it('an announced error rc makes the run failed even with an archive', () => {
    const run = parseBorgCreate(fixture('borg-create.json'), {
      stderr: 'terminating with error status, rc 2\n',
    })
    expect(run).toMatchObject({ status: 'failed', exitCode: 2 })
  })
})

describe('readBorgStderr', () => {
  it('drops INFO messages, progress and file status, keeps WARNING and above', () => {
    const stderr = [
      fixture('borg-create-progress-logjson.jsonl'),
      fixture('borg-create-list-logjson.stderr'),
      fixture('borg-create-warning-logjson.stderr'),
    ].join('\n')
    expect(readBorgStderr(stderr)).toEqual({
      lines: [
        "src/secret.txt: open: [Errno 13] Permission denied: 'secret.txt'",
        "src/lockeddir: dir_open: [Errno 13] Permission denied: 'lockeddir'",
      ],
      exitCode: 0,
    })
  })
})

describe('classifyBorgExit', () => {
  it.each<[number, string]>([
    [0, 'ok'],
    [1, 'warning'],
    [2, 'error'],
    [73, 'error'],
    [107, 'warning'],
    [130, 'error'],
  ])('rc %i → %s', (code, expected) => {
    expect(classifyBorgExit(code)).toBe(expected)
  })
})
