// `borg create --json` (borg 1.2; 1.4 tolerated) → ReportedRun.
//
// stdout is one pretty-printed object: archive.{name, id, start, end, duration,
// stats.{original_size, compressed_size, deduplicated_size, nfiles}}, cache, repository.
// borg prints it whenever an archive was written, also with warnings (rc 1); on an error (rc 2,
// e.g. a lock timeout) stdout is empty. stderr is plain text, or JSON lines with --log-json
// (`log_message` with levelname and, for errors, a msgid such as `LockTimeout`).
//
// Timestamps: borg 1.2 writes archive.start/end as NAIVE LOCAL time
// (`2026-11-22T05:32:04.000000`). They become startedAt/finishedAt only when the caller knows
// the host's UTC offset (`utcOffsetMinutes`, local = UTC + offset); otherwise they stay null and
// the caller places the run by its receive time and durationMs. A timestamp that carries a
// zone (borg 1.4 may write one) is used as it is. The raw strings are kept in details.

import { describeJsonError, joinText, textLines } from './report-text.js'
import { isRecord, nonEmptyString, parseTimestamp } from './report-values.js'
import { emptyReportedRun, type ReportedRun } from './reported-run.js'
import { safeExitCode, safeInt, secondsToMs } from './safe-number.js'

export interface BorgParseOptions {
  /** the backup host's offset from UTC in minutes (local = UTC + offset), when known */
  utcOffsetMinutes?: number | null
  /** borg's stderr: plain text or --log-json lines */
  stderr?: string
}

/** One repository's archive as borg create --json describes it. */
export interface BorgArchive {
  repository: string | null
  archive: string | null
  archiveId: string | null
  originalSize: number | null
  compressedSize: number | null
  deduplicatedSize: number | null
  nfiles: number | null
  /** seconds, as borg wrote it */
  duration: number | null
  durationMs: number | null
  /** raw timestamps */
  start: string | null
  end: string | null
  startedAt: number | null
  finishedAt: number | null
}

export function parseBorgCreate(stdout: string, opts: BorgParseOptions = {}): ReportedRun {
  const stderr = readBorgStderr(opts.stderr ?? '')
  const run = emptyReportedRun('backup')
  run.exitCode = stderr.exitCode

  const text = stdout.trim()
  let reason: string | null = null
  let archive: BorgArchive | null = null
  if (text === '') {
    reason = 'borg printed no JSON (it prints none when the backup fails)'
  } else {
    let value: unknown
    try {
      value = JSON.parse(text)
    } catch (e) {
      reason = `invalid JSON (${describeJsonError(e)})`
    }
    if (reason === null) {
      archive = readBorgArchive(value, opts.utcOffsetMinutes)
      if (!archive) {
        reason = Array.isArray(value)
          ? 'expected the object of one borg create, got a JSON array (borgmatic output?)'
          : 'the JSON has no "archive" object'
      }
    }
  }

  if (!archive) {
    run.status = 'failed'
    run.error = joinText([`could not parse borg output: ${reason}`, ...stderr.lines])
    return run
  }

  takeArchiveFacts(run, archive)
  run.details = borgDetails(archive)
  const rcClass = stderr.exitCode === null ? null : classifyBorgExit(stderr.exitCode)
  if (rcClass === 'error') run.status = 'failed'
  else if (rcClass === 'warning' || stderr.lines.length > 0) run.status = 'warning'
  else run.status = 'succeeded'
  run.error = joinText(stderr.lines)
  return run
}

/** A run's sizes, file count and times, from the archive borg created (borg and borgmatic alike). */
export function takeArchiveFacts(run: ReportedRun, archive: BorgArchive): void {
  run.sizeBytes = archive.originalSize
  run.addedBytes = archive.deduplicatedSize
  run.filesTotal = archive.nfiles
  run.durationMs = archive.durationMs
  run.startedAt = archive.startedAt
  run.finishedAt = archive.finishedAt
}

/** The archive of a borg create --json object, or null when `value` is not one. */
export function readBorgArchive(value: unknown, utcOffsetMinutes?: number | null): BorgArchive | null {
  if (!isRecord(value) || !isRecord(value.archive)) return null
  const a = value.archive
  const stats = isRecord(a.stats) ? a.stats : {}
  const repository = isRecord(value.repository) ? value.repository : {}
  const start = nonEmptyString(a.start)
  const end = nonEmptyString(a.end)
  const duration =
    typeof a.duration === 'number' && Number.isFinite(a.duration) && a.duration >= 0 ? a.duration : null
  return {
    repository: nonEmptyString(repository.location),
    archive: nonEmptyString(a.name),
    archiveId: nonEmptyString(a.id),
    originalSize: safeInt(stats.original_size),
    compressedSize: safeInt(stats.compressed_size),
    deduplicatedSize: safeInt(stats.deduplicated_size),
    nfiles: safeInt(stats.nfiles),
    duration,
    durationMs: secondsToMs(duration),
    start,
    end,
    startedAt: parseTimestamp(start, utcOffsetMinutes),
    finishedAt: parseTimestamp(end, utcOffsetMinutes),
  }
}

/** What a run keeps of its archive besides the numbers (archive name and id, repository, local times). */
export function borgDetails(a: BorgArchive): Record<string, unknown> {
  const entries: [string, unknown][] = [
    ['archive', a.archive],
    ['archive_id', a.archiveId],
    ['compressed_size', a.compressedSize],
    ['repository', a.repository],
    ['local_start', a.start],
    ['local_end', a.end],
  ]
  return Object.fromEntries(entries.filter(([, v]) => v !== null))
}

/** borg 1.2: 0 ok, 1 warning, 2 error, 128+N signal; 1.4 modern codes: 3-99 errors, 100-127 warnings. */
export function classifyBorgExit(code: number): 'ok' | 'warning' | 'error' {
  if (code === 0) return 'ok'
  if (code === 1 || (code >= 100 && code <= 127)) return 'warning'
  return 'error'
}

export interface BorgStderr {
  /** warnings and errors worth quoting, msgid kept (`… (timeout). [LockTimeout]`) */
  lines: string[]
  /** the return code borg announced (--show-rc), when it did */
  exitCode: number | null
}

const SHOW_RC = /terminating with (success|warning|error) status, rc (\d+)/

/** What borg prints on stderr without being asked about trouble: --list, -v, --progress. */
const BORG_NOISE = [
  /^[AMUCEdbchsfipx?-] \S/, // --list: status letter and path
  /^Creating archive at "/,
  /^Initializing cache transaction:/,
  /^Saving (files|chunks) cache$/,
  /^Saving cache config$/,
  /^Synchronizing chunks cache/,
  /^Archives: \d+, w\/ cached Idx: /,
  /^Fetching and building archive index for /,
  /^Merging into master chunks index/,
  /^Done\.$/,
  /^[\d.]+ [kMGTPEZY]?i?B O [\d.]+ /, // --progress
]

const REPORTED_LEVELS = new Set(['WARNING', 'ERROR', 'CRITICAL'])

/**
 * borg's stderr, plain or --log-json. log_message lines at WARNING and above are quoted with
 * their msgid; progress, file_status and INFO/DEBUG lines are dropped. A plain line that is not
 * known noise counts as trouble: with --json borg prints nothing else unless something went wrong.
 */
export function readBorgStderr(stderr: string): BorgStderr {
  const lines: string[] = []
  let exitCode: number | null = null
  for (const line of textLines(stderr)) {
    const t = line.trim()
    if (t.startsWith('{')) {
      const record = parseRecord(t)
      if (record) {
        if (record.type !== 'log_message') continue
        const message = nonEmptyString(record.message)
        const rc = message ? SHOW_RC.exec(message) : null
        if (rc) exitCode = safeExitCode(Number(rc[2]))
        const level = typeof record.levelname === 'string' ? record.levelname.toUpperCase() : ''
        if (!message || !REPORTED_LEVELS.has(level) || rc?.[1] === 'success') continue
        const msgid = nonEmptyString(record.msgid)
        lines.push(msgid ? `${message} [${msgid}]` : message)
        continue
      }
    }
    const rc = SHOW_RC.exec(t)
    if (rc) {
      exitCode = safeExitCode(Number(rc[2]))
      if (rc[1] !== 'success') lines.push(t)
      continue
    }
    if (BORG_NOISE.some((re) => re.test(t))) continue
    lines.push(line)
  }
  return { lines, exitCode }
}

function parseRecord(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text)
    return isRecord(value) ? value : null
  } catch {
    return null
  }
}
