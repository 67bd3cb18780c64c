// `borg list --json` and `borgmatic list --json` (or `rlist --json`) → the instants of the
// archives (epoch ms), for the retention rule.
//
// borg: one object {archives: [{name, id, start, time}], repository, encryption}; borg 1.2
// writes `start`/`time` as NAIVE LOCAL time (`2026-11-22T05:29:47.000000`), older borg only
// `time`. A naive time is read with `utcOffsetMinutes` (local = UTC + offset); the caller passes
// 0 when the host's offset is unknown, i.e. reads it as UTC. A time with a zone is used as is.
// borgmatic: an array of such objects, one per repository; the repository with the most
// archives counts (the first of equals): borgmatic prunes every repository with the same rules,
// so the fullest one shows what they keep, and a repository added last month does not make the
// job look young.
// `{"archives": []}` is a valid, empty list. Anything else is a ReportParseError.
import { ReportParseError } from './report-parse-error.js'
import { describeJsonError } from './report-text.js'
import { isRecord, parseTimestamp } from './report-values.js'

export function parseBorgList(output: string, utcOffsetMinutes = 0): number[] {
  const value = parseJson(output, 'borg list')
  if (Array.isArray(value)) {
    throw new ReportParseError(
      'The borg list output is a JSON array, not the object of borg list --json (borgmatic output? use format=borgmatic).',
    )
  }
  return archiveTimes(value, 'borg list', utcOffsetMinutes)
}

export function parseBorgmaticList(output: string, utcOffsetMinutes = 0): number[] {
  const value = parseJson(output, 'borgmatic list')
  // one repository without the array around it: accept it as borg's own
  const repositories = Array.isArray(value) ? value : [value]
  let best: number[] = []
  repositories.forEach((repo, i) => {
    const times = archiveTimes(repo, `borgmatic list (repository ${i + 1})`, utcOffsetMinutes)
    if (times.length > best.length) best = times
  })
  return best
}

function parseJson(output: string, what: string): unknown {
  try {
    return JSON.parse(output)
  } catch (e) {
    throw new ReportParseError(`The ${what} output is not valid JSON (${describeJsonError(e)}).`)
  }
}

function archiveTimes(value: unknown, what: string, utcOffsetMinutes: number): number[] {
  if (!isRecord(value) || !Array.isArray(value.archives)) {
    throw new ReportParseError(`The ${what} output has no "archives" list (expected borg list --json).`)
  }
  return value.archives.map((a, i) => {
    if (!isRecord(a)) throw new ReportParseError(`The ${what} output: archive ${i + 1} is not an object.`)
    const time = parseTimestamp(a.start ?? a.time, utcOffsetMinutes)
    if (time === null) {
      throw new ReportParseError(
        `The ${what} output: archive ${i + 1} has no valid "start" or "time" (expected e.g. 2026-11-22T05:29:47.000000).`,
      )
    }
    return time
  })
}
