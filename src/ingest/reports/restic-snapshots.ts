// `restic snapshots --json` → the instants of the snapshots (epoch ms), for the retention rule.
//
// The output is a JSON array of snapshots ({time, id, short_id, hostname, paths, tags, …}); with
// `--group-by` it is an array of groups ({group_key, snapshots: [...]}) whose snapshots all count.
// restic writes `time` with a zone and up to nine fraction digits
// (`2026-11-22T05:25:47.290857056Z`, `…+01:00`). `[]` (no snapshots) is a valid list.
// Anything else is a ReportParseError saying what is wrong (the API answers 400).
import { ReportParseError } from './report-parse-error.js'
import { describeJsonError } from './report-text.js'
import { isRecord, parseTimestamp } from './report-values.js'

export function parseResticSnapshots(output: string): number[] {
  let value: unknown
  try {
    value = JSON.parse(output)
  } catch (e) {
    throw new ReportParseError(`The restic snapshots output is not valid JSON (${describeJsonError(e)}).`)
  }
  if (!Array.isArray(value)) {
    throw new ReportParseError(
      'The restic snapshots output must be a JSON array (restic snapshots --json), ' +
        `got ${isRecord(value) ? 'an object' : typeof value}.`,
    )
  }
  const times: number[] = []
  value.forEach((item, i) => {
    if (isRecord(item) && Array.isArray(item.snapshots)) {
      item.snapshots.forEach((s, j) => {
        times.push(snapshotTime(s, `group ${i + 1}, snapshot ${j + 1}`))
      })
    } else {
      times.push(snapshotTime(item, `snapshot ${i + 1}`))
    }
  })
  return times
}

function snapshotTime(item: unknown, where: string): number {
  if (!isRecord(item)) throw new ReportParseError(`The restic snapshots output: ${where} is not an object.`)
  const time = parseTimestamp(item.time)
  if (time === null) {
    throw new ReportParseError(
      `The restic snapshots output: ${where} has no valid "time" (expected e.g. 2026-11-22T05:25:47Z).`,
    )
  }
  return time
}
