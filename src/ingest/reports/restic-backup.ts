// `restic backup --json` (restic 0.14 through 0.18) → ReportedRun.
//
// stdout is JSON lines: many `status` lines (tens of MB on a long backup; fields omitted when
// zero) and, on completion, one `summary`. Error lines `{"message_type":"error","error":…,
// "during":…,"item":…}` go to stderr: 0.14 serialises the error as `{}` or as Go's struct
// (`{"Op":"open","Path":…,"Err":13}`), 0.17+ as `{"message":…}`. 0.18 adds a last
// `{"message_type":"exit_error","code":N,"message":…}`. Fatal errors (`Fatal: …`, lock
// conflicts) are plain text on stderr with nothing on stdout.

import { joinText, LineSample, textLines } from './report-text.js'
import { isRecord, nonEmptyString, parseTimestamp } from './report-values.js'
import { emptyReportedRun, type ReportedRun } from './reported-run.js'
import { safeExitCode, safeInt, secondsToMs } from './safe-number.js'

export const RESTIC_UNPARSEABLE = 'could not parse restic output: no JSON summary line found'
const RESTIC_NO_SUMMARY = 'restic output has no summary line: the backup did not complete'

/** restic's own words when it made a snapshot but could not read some files (exit code 3). */
export const RESTIC_UNREADABLE_WARNING = /at least one source file could not be read/i

/**
 * Other non-JSON stdout lines are ignored, except restic's own messages, which land there when
 * stderr was redirected into stdout (`2>&1`): a lock conflict must still read as one.
 */
const RESTIC_TEXT =
  /^(Fatal: |Warning: |error: |unable to |lock was created |the `unlock` command|storage ID |Is there a repository|signal interrupt|\S+ does not exist, skipping)/

/** Error lines quoted in `error`; the rest are only counted. */
const QUOTED_ERROR_LINES = 5

/** Status lines as restic writes them: skipped without slicing or parsing. */
const STATUS_PREFIX = '{"message_type":"status"'
const VERBOSE_STATUS_PREFIX = '{"message_type":"verbose_status"'

interface ResticScan {
  summary: Record<string, unknown> | null
  /** restic JSON messages of any type seen */
  messages: number
  errorCount: number
  errorTexts: string[]
  exitCode: number | null
  exitMessage: string | null
  sawExitError: boolean
  /** plain (non-JSON) stderr lines, and stdout lines that are restic's own messages */
  text: LineSample
}

export function parseResticBackup(stdout: string, stderr = ''): ReportedRun {
  const scan = newScan()
  scanLines(stdout, scan, 'stdout')
  scanLines(stderr, scan, 'stderr')
  const stderrText = textLines(scan.text.lines().join('\n'))

  const run = emptyReportedRun('backup')
  const summary = scan.summary
  if (summary) readSummary(summary, scan, run)
  run.exitCode = scan.exitCode

  const code = scan.exitCode
  const unreadable = stderrText.some((line) => RESTIC_UNREADABLE_WARNING.test(line))
  if (!summary) run.status = 'failed'
  else if (code !== null && code !== 0 && code !== 3) run.status = 'failed'
  else if (scan.errorCount > 0 || code === 3 || unreadable) run.status = 'warning'
  else run.status = 'succeeded'

  const parts: string[] = []
  if (!summary) {
    const nothing = scan.messages === 0 && stderrText.length === 0
    parts.push(nothing ? RESTIC_UNPARSEABLE : RESTIC_NO_SUMMARY)
  }
  if (scan.exitMessage) parts.push(scan.exitMessage)
  parts.push(...scan.errorTexts)
  const unquoted = scan.errorCount - scan.errorTexts.length
  if (unquoted > 0) parts.push(`… and ${unquoted} more error lines`)
  parts.push(...stderrText)
  run.error = joinText(parts)
  return run
}

/** restic's plain stderr text (JSON lines left out), for output that has nothing else. */
export function resticErrorText(stderr: string): string | null {
  const scan = newScan()
  scanLines(stderr, scan, 'stderr')
  return joinText([scan.exitMessage, ...scan.errorTexts, ...textLines(scan.text.lines().join('\n'))])
}

function newScan(): ResticScan {
  return {
    summary: null,
    messages: 0,
    errorCount: 0,
    errorTexts: [],
    exitCode: null,
    exitMessage: null,
    sawExitError: false,
    text: new LineSample(),
  }
}

function scanLines(text: string, scan: ResticScan, stream: 'stdout' | 'stderr'): void {
  const n = text.length
  let start = 0
  while (start < n) {
    let end = text.indexOf('\n', start)
    if (end === -1) end = n
    if (text.startsWith(STATUS_PREFIX, start) || text.startsWith(VERBOSE_STATUS_PREFIX, start)) {
      scan.messages++
    } else {
      readLine(text.slice(start, end), scan, stream)
    }
    start = end + 1
  }
}

function readLine(line: string, scan: ResticScan, stream: 'stdout' | 'stderr'): void {
  const t = line.trim()
  if (t.startsWith('{') && t.includes('message_type')) {
    // A status line in other spelling: cheap to recognise, not worth a JSON.parse.
    const maybeStatus =
      t.includes('"status"') &&
      !t.includes('"summary"') &&
      !t.includes('"error"') &&
      !t.includes('"exit_error"')
    if (maybeStatus) {
      scan.messages++
      return
    }
    const message = parseObject(t)
    if (message && typeof message.message_type === 'string') {
      scan.messages++
      readMessage(message, scan)
      return
    }
  }
  if (t === '') return
  if (stream === 'stderr' || RESTIC_TEXT.test(t)) scan.text.push(line)
}

function readMessage(message: Record<string, unknown>, scan: ResticScan): void {
  switch (message.message_type) {
    case 'summary':
      scan.summary = message
      return
    case 'error':
      scan.errorCount++
      if (scan.errorTexts.length < QUOTED_ERROR_LINES) scan.errorTexts.push(describeErrorLine(message))
      return
    case 'exit_error':
      scan.sawExitError = true
      scan.exitCode = safeExitCode(message.code)
      scan.exitMessage = nonEmptyString(message.message)
      return
    default:
      return
  }
}

function readSummary(summary: Record<string, unknown>, scan: ResticScan, run: ReportedRun): void {
  run.filesNew = safeInt(summary.files_new)
  run.filesChanged = safeInt(summary.files_changed)
  run.filesTotal = safeInt(summary.total_files_processed)
  run.sizeBytes = safeInt(summary.total_bytes_processed)
  // Added bytes: data_added_packed (0.17+) when present, else data_added. data_added is what the
  // snapshot added before compression; data_added_packed is what the repository really grew by,
  // after compression, the same measure as borg's deduplicated_size. Growth is what a size trend
  // and a storage bill follow, so prefer it and fall back for 0.14-0.16, which print only
  // data_added (both stay in details).
  const added = safeInt(summary.data_added)
  const addedPacked = safeInt(summary.data_added_packed)
  run.addedBytes = addedPacked ?? added
  run.durationMs = secondsToMs(summary.total_duration)
  run.startedAt = parseTimestamp(summary.backup_start)
  run.finishedAt = parseTimestamp(summary.backup_end)

  const details: Record<string, unknown> = {}
  const snapshotId = nonEmptyString(summary.snapshot_id)
  if (snapshotId) details.snapshot_id = snapshotId
  if (summary.dry_run === true) details.dry_run = true
  const counts: [string, unknown][] = [
    ['data_added', added],
    ['data_added_packed', addedPacked],
    ['files_unmodified', safeInt(summary.files_unmodified)],
    ['dirs_new', safeInt(summary.dirs_new)],
    ['dirs_changed', safeInt(summary.dirs_changed)],
  ]
  for (const [key, value] of counts) if (value !== null) details[key] = value
  if (scan.errorCount > 0) details.error_count = scan.errorCount
  const hint = versionHint(summary, scan.sawExitError)
  if (hint) details.restic_version_hint = hint
  run.details = details
}

/** Which restic printed this, as far as the fields tell (FIELD-NOTES, restic section). */
function versionHint(summary: Record<string, unknown>, sawExitError: boolean): string | null {
  if ('backup_start' in summary || 'backup_end' in summary || sawExitError) return '>=0.18'
  if ('data_added_packed' in summary) return '>=0.17'
  const id = summary.snapshot_id
  if (typeof id === 'string' && /^[0-9a-f]{64}$/.test(id)) return '>=0.15'
  if (typeof id === 'string' && /^[0-9a-f]{8}$/.test(id)) return '<=0.14'
  return null
}

const ERRNO: Record<number, string> = {
  1: 'operation not permitted',
  2: 'no such file or directory',
  5: 'input/output error',
  13: 'permission denied',
}

/** `error (archival) /srv/x: open x: permission denied (errno 13)`; 0.14's `{}` leaves only the item. */
function describeErrorLine(message: Record<string, unknown>): string {
  const during = nonEmptyString(message.during)
  const item = nonEmptyString(message.item)
  const what = describeError(message.error)
  let text = during ? `error (${during})` : 'error'
  if (item) text += ` ${item}`
  if (what) text += `: ${what}`
  return text
}

function describeError(error: unknown): string | null {
  if (typeof error === 'string') return nonEmptyString(error)
  if (!isRecord(error)) return null
  const message = nonEmptyString(error.message)
  if (message) return message
  const op = nonEmptyString(error.Op)
  const path = nonEmptyString(error.Path)
  const errno = safeInt(error.Err)
  if (!op && !path && errno === null) return null
  const cause = errno === null ? null : `${ERRNO[errno] ?? 'error'} (errno ${errno})`
  return [[op, path].filter(Boolean).join(' '), cause].filter(Boolean).join(': ')
}

function parseObject(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text)
    return isRecord(value) ? value : null
  } catch {
    return null
  }
}
