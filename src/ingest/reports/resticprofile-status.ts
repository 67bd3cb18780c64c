// A resticprofile status file (`status-file` in a profile) → one ReportedRun per entry.
//
// Format, from resticprofile's source (monitor/status/status.go, monitor/status/profile.go; before
// the move to monitor/ the same code lived in status/status.go and status/profile.go) and its docs
// (docs/content/status/_index.md):
//   {"profiles": {NAME: {"backup"?: …, "retention"?: …, "check"?: …}}}
// Each entry is a CommandStatus {success: bool, time: RFC 3339 with zone (Go time.Time, written
// with time.Now() when the command has ended), error: string (Go's err.Error(), for restic's exit
// `exit status N`), stderr: string, duration: int64 whole seconds, rounded UP (math.Ceil)}.
// "backup" adds files_new, files_changed, files_unmodified, dirs_new, dirs_changed,
// dirs_unmodified, files_total, bytes_added (restic's data_added), bytes_total, snapshot_id.
// These are not omitempty: without `extended-status: true` (or redirected output) resticprofile
// has no summary and writes them as 0 and "", which must read as "unknown", not "empty backup".
// bytes_added_packed is not in the sources read (the Prometheus export has it); it is accepted
// when a newer version writes it. A `forget` command is recorded under "retention" too.
//
// Warnings: resticprofile's status file has no warning state. On restic's exit 3 (snapshot made,
// some files unreadable) it writes success:false, error "exit status 3" (monitor/status/progress.go,
// monitor/error.go IsWarning: ExitCodeWarning = 3), unless the backup section sets
// `no-error-on-warning: true`, which writes success:true with restic's warning in stderr. Only its
// Prometheus export has a warning status (resticprofile_backup_status 1). Both cases are read here
// as 'warning', as restic means it.

import type { RunKind } from '../../domain/types.js'
import { ReportParseError } from './report-parse-error.js'
import { describeJsonError, joinText, textLines } from './report-text.js'
import { isRecord, nonEmptyString, parseTimestamp } from './report-values.js'
import { emptyReportedRun, type ReportedRun } from './reported-run.js'
import { RESTIC_UNREADABLE_WARNING } from './restic-backup.js'
import { safeExitCode, safeInt } from './safe-number.js'
import { TooManyEntries } from './too-many-entries.js'

export interface ResticprofileEntry {
  profile: string
  /** the key in the status file: backup, check, retention, … */
  command: string
  run: ReportedRun
}

/** How many profiles, and entries (profile × command), one file may hold. */
export interface StatusFileLimits {
  profiles: number
  entries: number
}

const SOURCE = 'the resticprofile status file'

/** Throws TooManyEntries over a limit: counted before any entry is read. */
function checkCounts(profiles: [string, unknown][], limits: StatusFileLimits): void {
  if (profiles.length > limits.profiles) {
    const over = { what: 'profiles', source: SOURCE, count: profiles.length, max: limits.profiles }
    throw new TooManyEntries({ limit: 'profilesPerFile', ...over })
  }
  let entries = 0
  for (const [, commands] of profiles) if (isRecord(commands)) entries += Object.keys(commands).length
  if (entries > limits.entries) {
    const over = { what: 'entries (profile × command)', source: SOURCE, count: entries, max: limits.entries }
    throw new TooManyEntries({ limit: 'runsPerRequest', ...over })
  }
}

export function parseResticprofileStatus(
  text: string,
  limits: StatusFileLimits = { profiles: Number.POSITIVE_INFINITY, entries: Number.POSITIVE_INFINITY },
): ResticprofileEntry[] {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (e) {
    throw new ReportParseError(`The resticprofile status file is not valid JSON (${describeJsonError(e)}).`)
  }
  if (!isRecord(value)) {
    throw new ReportParseError(
      'The resticprofile status file must be a JSON object with a "profiles" object.',
    )
  }
  if (!isRecord(value.profiles)) {
    throw new ReportParseError('The resticprofile status file has no "profiles" object.')
  }
  const profiles = Object.entries(value.profiles)
  checkCounts(profiles, limits)
  const entries: ResticprofileEntry[] = []
  for (const [profile, commands] of profiles) {
    if (profile.trim() === '' || !isRecord(commands)) continue
    for (const [command, status] of Object.entries(commands)) {
      const run = readCommandStatus(profile, command, status)
      if (run) entries.push({ profile, command, run })
    }
  }
  if (entries.length === 0) {
    throw new ReportParseError(
      'The resticprofile status file has no readable command status (each needs "success" true or false and an RFC 3339 "time").',
    )
  }
  return entries
}

export function resticprofileKind(command: string): RunKind {
  switch (command) {
    case 'backup':
      return 'backup'
    case 'check':
      return 'check'
    case 'retention':
    case 'forget':
    case 'prune':
      return 'prune'
    default:
      return 'other'
  }
}

const EXIT_STATUS = /^exit status (\d{1,3})$/

/** A malformed entry (not an object, no boolean success, no valid time) gives null. */
function readCommandStatus(profile: string, command: string, status: unknown): ReportedRun | null {
  if (!isRecord(status) || typeof status.success !== 'boolean') return null
  const finishedAt = parseTimestamp(status.time)
  if (finishedAt === null) return null

  const run = emptyReportedRun(resticprofileKind(command))
  run.finishedAt = finishedAt
  const seconds = safeInt(status.duration)
  run.durationMs = seconds === null ? null : seconds * 1000
  run.startedAt = run.durationMs === null ? null : finishedAt - run.durationMs

  const errorText = nonEmptyString(status.error)
  const exit = errorText ? EXIT_STATUS.exec(errorText) : null
  run.exitCode = exit ? safeExitCode(Number(exit[1])) : null
  const stderrLines = typeof status.stderr === 'string' ? textLines(status.stderr) : []
  const isBackup = command === 'backup'
  const unreadable = isBackup && stderrLines.some((line) => RESTIC_UNREADABLE_WARNING.test(line))
  if (status.success) run.status = unreadable ? 'warning' : 'succeeded'
  else run.status = isBackup && run.exitCode === 3 ? 'warning' : 'failed'
  if (run.status !== 'succeeded') run.error = joinText([errorText, ...stderrLines])

  const details: Record<string, unknown> = { profile, command }
  if (errorText) details.resticprofile_error = errorText
  if (isBackup) readBackupNumbers(status, run, details)
  run.details = details
  return run
}

function readBackupNumbers(
  status: Record<string, unknown>,
  run: ReportedRun,
  details: Record<string, unknown>,
): void {
  const n = {
    filesNew: safeInt(status.files_new),
    filesChanged: safeInt(status.files_changed),
    filesUnmodified: safeInt(status.files_unmodified),
    dirsNew: safeInt(status.dirs_new),
    dirsChanged: safeInt(status.dirs_changed),
    dirsUnmodified: safeInt(status.dirs_unmodified),
    filesTotal: safeInt(status.files_total),
    bytesAdded: safeInt(status.bytes_added),
    bytesAddedPacked: safeInt(status.bytes_added_packed),
    bytesTotal: safeInt(status.bytes_total),
  }
  const snapshotId = nonEmptyString(status.snapshot_id)
  // All zero and no snapshot id: resticprofile had no summary (no extended status).
  const extended = snapshotId !== null || Object.values(n).some((v) => v !== null && v > 0)
  if (!extended) {
    details.extended_status = false
    return
  }
  run.filesNew = n.filesNew
  run.filesChanged = n.filesChanged
  run.filesTotal = n.filesTotal
  run.sizeBytes = n.bytesTotal
  // Same choice as for restic itself: the packed (stored) size when present.
  run.addedBytes = n.bytesAddedPacked ?? n.bytesAdded
  const extras: [string, unknown][] = [
    ['snapshot_id', snapshotId],
    ['files_unmodified', n.filesUnmodified],
    ['dirs_new', n.dirsNew],
    ['dirs_changed', n.dirsChanged],
    ['bytes_added', n.bytesAdded],
    ['bytes_added_packed', n.bytesAddedPacked],
  ]
  for (const [key, value] of extras) if (value !== null) details[key] = value
}
