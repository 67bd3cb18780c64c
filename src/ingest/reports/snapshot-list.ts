// A job's snapshot list as its tool prints it (`restic snapshots --json`, `borg list --json`,
// `borgmatic list --json`) → the retention facts Backwatch keeps of it (count, oldest, newest,
// distinct days/weeks/months). Throws EmptyOutput, ReportParseError or TooManyEntries.
import type { RetentionFacts } from '../../domain/policy.js'
import { retentionFactsOf } from '../../domain/rules/retention.js'
import { parseBorgList, parseBorgmaticList } from './borg-list.js'
import { EmptyOutput } from './report-parse-error.js'
import { parseResticSnapshots } from './restic-snapshots.js'
import { TooManyEntries } from './too-many-entries.js'

export const SNAPSHOT_FORMATS = ['restic', 'borg', 'borgmatic'] as const
export type SnapshotFormat = (typeof SNAPSHOT_FORMATS)[number]

export const SNAPSHOT_COMMANDS: Record<SnapshotFormat, string> = {
  restic: 'restic snapshots --json',
  borg: 'borg list --json',
  borgmatic: 'borgmatic list --json',
}

export interface SnapshotListRequest {
  format: SnapshotFormat
  output: string
  /** how borg's naive local times are read (0: as UTC) */
  utcOffsetMinutes: number
  now: number
  /** a longer list is refused */
  maxSnapshots: number
}

/** Snapshot instants (epoch ms) of a tool's output; throws ReportParseError. */
export function snapshotTimes(format: SnapshotFormat, output: string, utcOffsetMinutes: number): number[] {
  switch (format) {
    case 'restic':
      return parseResticSnapshots(output)
    case 'borg':
      return parseBorgList(output, utcOffsetMinutes)
    case 'borgmatic':
      return parseBorgmaticList(output, utcOffsetMinutes)
  }
}

export function snapshotFacts(req: SnapshotListRequest): RetentionFacts {
  const output = req.output.replace(/^\uFEFF/, '')
  if (output.trim() === '') throw new EmptyOutput()
  const times = snapshotTimes(req.format, output, req.utcOffsetMinutes)
  if (times.length > req.maxSnapshots) {
    const over = {
      what: 'snapshots',
      source: 'the snapshot list',
      count: times.length,
      max: req.maxSnapshots,
    }
    throw new TooManyEntries({ limit: 'snapshotsPerList', ...over })
  }
  return retentionFactsOf(times, req.now)
}
