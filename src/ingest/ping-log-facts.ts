// What a finished ping-fed run's log says about it. borgmatic's healthchecks hook (and anyone
// piping borg's output into a Healthchecks-style ping) sends borg's `--stats` text: the run then
// gets the numbers a native borg report gives (size = original, added = deduplicated, files,
// archive name, compressed size and repository in details). A failed run's log gives the line
// saying why (its `error`). A log without stats gives no numbers; nothing here ever fails.
import type { RunNumbers } from '../domain/types.js'
import { borgDetails } from './reports/borg-create.js'
import { parseBorgStatsText } from './reports/borg-stats-text.js'
import { largest, repositoryDetails } from './reports/borgmatic-create.js'
import { logErrorLine } from './reports/log-error-line.js'

export interface ArchiveFacts extends Pick<RunNumbers, 'sizeBytes' | 'addedBytes' | 'filesTotal'> {
  /** borg's own "Duration:" of the create, in ms */
  durationMs: number | null
  details: Record<string, unknown>
}

/**
 * The archive borg's stats describe (with several repositories, the largest one, as for
 * `borgmatic create --json`; every repository's numbers in details.repositories), or null.
 */
export function archiveFactsOfLog(log: string): ArchiveFacts | null {
  if (!log.includes('This archive:')) return null
  const archives = parseBorgStatsText(log)
  const primary = largest(archives)
  if (primary === null) return null
  const details = borgDetails(primary)
  if (archives.length > 1) details.repositories = archives.map(repositoryDetails)
  return {
    sizeBytes: primary.originalSize,
    addedBytes: primary.deduplicatedSize,
    filesTotal: primary.nfiles,
    durationMs: primary.durationMs,
    details,
  }
}

/** The error a failed run's log gives: the line saying why, or null when the log is empty. */
export const errorOfLog = logErrorLine
