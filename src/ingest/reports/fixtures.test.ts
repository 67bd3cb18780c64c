// Every file in test/fixtures/tool-output has an expectation here, and is listed in its INDEX.md:
// a fixture added without deciding what the parsers make of it fails this test.
import { readdirSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parseBorgCreate } from './borg-create.js'
import { parseBorgmaticCreate } from './borgmatic-create.js'
import { type ReportTool, recognizeToolOutput } from './recognize-output.js'
import { ReportParseError } from './report-parse-error.js'
import { ERROR_TEXT_LIMIT } from './report-text.js'
import type { ReportedRun } from './reported-run.js'
import { parseResticBackup } from './restic-backup.js'
import { parseResticprofileStatus } from './resticprofile-status.js'

const DIR = new URL('../../../test/fixtures/tool-output/', import.meta.url)
const fixture = (name: string): string => readFileSync(new URL(name, DIR), 'utf8')

type Seen = ReportTool | null
/** `stdout`: recognised when passed as stdout; `stderr`: when passed as stderr (no hint either way). */
interface Expectation {
  stdout: Seen
  stdoutStatus?: ReportedRun['status']
  stderr?: Seen
}

const none: Expectation = { stdout: null }
const text: Expectation = { stdout: null, stderr: null }
const restic = (status: ReportedRun['status']): Expectation => ({ stdout: 'restic', stdoutStatus: status })
const borg: Expectation = { stdout: 'borg', stdoutStatus: 'succeeded' }

const EXPECTED: Record<string, Expectation> = {
  'INDEX.md': none,
  'borg-check-ok.txt': text,
  'borg-create-big.json': borg,
  'borg-create-empty.json': borg,
  'borg-create-list-logjson.json': borg,
  'borg-create-list-logjson.rc': none,
  'borg-create-list-logjson.stderr': { stdout: null, stderr: 'borg' }, // rc 0 announced by --show-rc
  'borg-create-list-verbose.json': borg,
  'borg-create-list-verbose.rc': none,
  'borg-create-list-verbose.stderr': text,
  'borg-create-progress-logjson.jsonl': text,
  'borg-create-progress.json': borg,
  'borg-create-warning-logjson.json': borg,
  'borg-create-warning-logjson.rc': none,
  'borg-create-warning-logjson.stderr': { stdout: null, stderr: 'borg' },
  'borg-create-warning.json': borg,
  'borg-create-warning.rc': none,
  'borg-create-warning.stderr': text,
  'borg-create.json': borg,
  'borg-info-archive.json': none,
  'borg-info-repo.json': none,
  'borg-list-archive-contents.jsonl': none,
  'borg-list.json': none,
  'borg-lock-error-logjson.rc': none,
  'borg-lock-error-logjson.txt': { stdout: null, stderr: 'borg' },
  'borg-lock-error-showrc-logjson.txt': { stdout: null, stderr: 'borg' },
  'borg-lock-error.rc': none,
  'borg-lock-error.stdout': none,
  'borg-lock-error.txt': text,
  'borg-no-repo-logjson.rc': none,
  'borg-no-repo-logjson.txt': { stdout: null, stderr: 'borg' },
  'borg-prune-logjson.jsonl': text, // INFO only: nothing to report
  'borg-stale-lock.txt': text,
  'borgmatic-config.yaml': none,
  'borgmatic-create-lock-error.rc': none,
  'borgmatic-create-lock-error.stderr': text,
  'borgmatic-create-lock-error.stdout': none,
  'borgmatic-create-warning.rc': none,
  'borgmatic-create-warning.stderr': text,
  'borgmatic-create-warning.stdout': none,
  'borgmatic-create.json': { stdout: 'borgmatic', stdoutStatus: 'succeeded' },
  'borgmatic-default-run-stats.txt': text,
  'borgmatic-healthchecks-pings.jsonl': none,
  'borgmatic-info-archive-latest.json': none,
  'borgmatic-info.json': none,
  'borgmatic-list.json': none,
  'borgmatic-rinfo.json': none,
  'borgmatic-rlist.json': none,
  'restic-backup-dryrun.jsonl': restic('succeeded'),
  'restic-backup-fatal.jsonl': none,
  'restic-backup-fatal.rc': none,
  'restic-backup-fatal.stderr': text,
  'restic-backup-first.jsonl': restic('succeeded'),
  'restic-backup-incomplete.jsonl': restic('succeeded'), // its warning is in the .stderr
  'restic-backup-incomplete.rc': none,
  'restic-backup-incomplete.stderr': { stdout: 'restic', stdoutStatus: 'failed', stderr: 'restic' },
  'restic-backup-partial.jsonl': restic('succeeded'),
  'restic-backup-partial.rc': none,
  'restic-backup-partial.stderr': text,
  'restic-backup-sigint.jsonl': restic('failed'),
  'restic-backup-sigint.rc': none,
  'restic-backup-sigint.stderr': text,
  'restic-backup-stdin.jsonl': restic('succeeded'),
  'restic-backup-tagged.jsonl': restic('succeeded'),
  'restic-backup-verbose.jsonl': restic('succeeded'),
  'restic-backup.jsonl': restic('succeeded'),
  'restic-check-error.txt': text,
  'restic-check-json-0.14.txt': text,
  'restic-check-ok.txt': text,
  'restic-forget.json': none,
  'restic-init.txt': text,
  'restic-lock-error-backup.stdout': none,
  'restic-lock-error-check.txt': text,
  'restic-lock-error-prune.rc': none,
  'restic-lock-error-prune.txt': text,
  'restic-lock-error-stale.txt': text,
  'restic-lock-error.rc': none,
  'restic-lock-error.txt': text,
  'restic-no-repo.txt': text,
  'restic-snapshots-grouped.json': none,
  'restic-snapshots-latest1.json': none,
  'restic-snapshots-tagged.json': none,
  'restic-snapshots.json': none,
  'restic-stats-blobs-per-file.json': none,
  'restic-stats-files-by-contents.json': none,
  'restic-stats-latest.json': none,
  'restic-stats-raw-data.json': none,
  'restic-stats-restore-size.json': none,
  'restic-unlock.txt': text,
  'restic-wrong-password.txt': text,
  'resticprofile-status.json': none,
}

const files = readdirSync(DIR).sort()

/** Names INDEX.md mentions, with `a.{b,c}` and `x-{y,z}.json` expanded. */
function indexedNames(index: string): Set<string> {
  const names = new Set<string>()
  for (const token of index.match(/[A-Za-z0-9_.{},-]+/g) ?? []) {
    let expanded = [token]
    while (expanded.some((t) => /\{[^{}]*\}/.test(t))) {
      expanded = expanded.flatMap((t) => {
        const m = /\{([^{}]*)\}/.exec(t)
        if (!m) return [t]
        return m[1]!.split(',').map((alt) => t.slice(0, m.index) + alt + t.slice(m.index + m[0].length))
      })
    }
    for (const name of expanded) names.add(name)
  }
  return names
}

describe('tool-output fixtures', () => {
  it('every fixture has an expectation, and every expectation a fixture', () => {
    expect(files).toEqual(Object.keys(EXPECTED).sort())
  })

  it('every fixture is listed in INDEX.md', () => {
    const listed = indexedNames(fixture('INDEX.md'))
    expect(files.filter((f) => f !== 'INDEX.md' && !listed.has(f))).toEqual([])
  })

  it.each(files)('%s', (name) => {
    const content = fixture(name)
    const expected = EXPECTED[name]!

    const asStdout = recognizeToolOutput(content, '')
    expect(asStdout?.tool ?? null).toBe(expected.stdout)
    if (expected.stdoutStatus !== undefined) expect(asStdout?.run.status).toBe(expected.stdoutStatus)
    if (expected.stderr !== undefined)
      expect(recognizeToolOutput('', content)?.tool ?? null).toBe(expected.stderr)

    // Every parser takes every file without throwing (resticprofile refuses with ReportParseError)
    // and keeps its error text bounded.
    const runs = [
      parseResticBackup(content),
      parseResticBackup('', content),
      parseBorgCreate(content),
      parseBorgCreate('', { stderr: content }),
      parseBorgmaticCreate(content),
      parseBorgmaticCreate('', { stderr: content }),
    ]
    for (const run of runs) {
      expect(run.status).not.toBeNull()
      expect((run.error ?? '').length).toBeLessThanOrEqual(ERROR_TEXT_LIMIT)
    }
    try {
      const entries = parseResticprofileStatus(content)
      expect(name).toBe('resticprofile-status.json')
      expect(entries.length).toBeGreaterThan(0)
    } catch (e) {
      expect(e).toBeInstanceOf(ReportParseError)
    }
  })
})
