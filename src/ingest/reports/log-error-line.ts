// The one line of a failed run's log that says why it failed: what a `/fail` ping's body
// (borgmatic's healthchecks hook sends its log, see FIELD-NOTES) contributes to the run's
// `error`, and so to the job.failed alert's summary. borgmatic 1.7.7 logs, for a repository
// that is gone:
//
//   Repository /srv/backup/repo does not exist.
//   /srv/backup/repo: Error running actions for repository
//   Command 'borg create … /srv/backup/repo::{hostname}-{now} /src --info --stats' returned non-zero exit status 2.
//
// In order of preference: borg's own error (a line naming a known cause, then any line saying
// "error" that is not borgmatic's generic wrapper around it), borgmatic's "Command … returned
// non-zero exit status N." line, else the last non-empty line of the log.

const MAX_LENGTH = 500

/** What borg and borgmatic say when something specific went wrong. */
const CAUSES = [
  /does not exist/i,
  /is not a valid repository/i,
  /Failed to create\/acquire the lock/i,
  /\bLockTimeout\b/,
  /\block(ed)? (timeout|by another)/i,
  /Permission denied/i,
  /No such file or directory/i,
  /Connection (closed|refused|reset)/i,
  /passphrase/i,
  /No space left on device/i,
  /Remote: /,
]

/** borgmatic's lines around borg's error, which name no cause. */
const WRAPPERS = [
  /: Error running actions for repository$/,
  /: Error running configuration file$/,
  /^Command '.*' returned non-zero exit status \d+\.?$/,
]

const COMMAND_FAILED = /^Command '.*' returned non-zero exit status \d+\.?$/

/** Lines that are no message at all: separators, borgmatic's truncation mark, the summary heading. */
const NOT_MESSAGES = /^(-{5,}|\.\.\.|summary:)$/

/** The line of `log` that says why the run failed, cut to 500 characters; null for an empty log. */
export function logErrorLine(log: string): string | null {
  const lines = log
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !NOT_MESSAGES.test(l))
  const isWrapper = (l: string) => WRAPPERS.some((re) => re.test(l))
  const line =
    lines.find((l) => !isWrapper(l) && CAUSES.some((re) => re.test(l))) ??
    lines.find((l) => !isWrapper(l) && /(?<![-_\w])error\b/i.test(l)) ??
    lines.find((l) => COMMAND_FAILED.test(l)) ??
    lines.at(-1)
  return line === undefined ? null : cut(line)
}

function cut(line: string): string {
  return line.length <= MAX_LENGTH ? line : `${line.slice(0, MAX_LENGTH - 1)}…`
}
