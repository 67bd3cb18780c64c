// `borgmatic create --json` (borgmatic 1.7.7) → ReportedRun.
//
// borgmatic prints one line: a JSON array with one borg create --json object per repository of
// the configuration file. When any repository fails it prints no JSON at all (the results of the
// repositories that worked are lost too), and with --json even a borg warning (rc 1) counts as a
// failure: borg's JSON then appears only inside stderr, as a Python bytes literal `b'{\n …}'`.
//
// Design decision: ONE run per borgmatic invocation, not one per repository. borgmatic itself
// pings its monitoring hooks once per configuration file, so a job fed by both the hooks and
// this report sees the same unit of work. The run's numbers (size, added, files, duration and
// timestamps) are those of the repository with the largest original_size, normally the same
// sources in every repository, so the largest is the most complete copy; every repository's own
// numbers are kept in details.repositories.
import { type BorgArchive, type BorgParseOptions, readBorgArchive, takeArchiveFacts } from './borg-create.js'
import { describeJsonError, joinText, textLines } from './report-text.js'
import { emptyReportedRun, type ReportedRun } from './reported-run.js'

export const BORGMATIC_NO_JSON = 'borgmatic printed no JSON (it prints none when any repository fails)'

export function parseBorgmaticCreate(stdout: string, opts: BorgParseOptions = {}): ReportedRun {
  const run = emptyReportedRun('backup')
  const fail = (reason: string): ReportedRun => {
    run.status = 'failed'
    run.error = joinText([reason, ...borgmaticStderrLines(opts.stderr ?? '')])
    return run
  }

  const text = stdout.trim()
  if (text === '') return fail(BORGMATIC_NO_JSON)
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (e) {
    return fail(`could not parse borgmatic output: invalid JSON (${describeJsonError(e)})`)
  }
  if (!Array.isArray(value)) {
    return fail('could not parse borgmatic output: expected a JSON array with one borg result per repository')
  }
  const archives: BorgArchive[] = []
  for (const item of value) {
    const archive = readBorgArchive(item, opts.utcOffsetMinutes)
    if (archive) archives.push(archive)
  }
  const primary = largest(archives)
  if (!primary) {
    return fail(
      value.length === 0
        ? 'borgmatic printed an empty JSON array: no repository was backed up'
        : 'could not parse borgmatic output: the JSON array holds no borg create results',
    )
  }

  run.status = 'succeeded'
  takeArchiveFacts(run, primary)
  const details: Record<string, unknown> = { repositories: archives.map(repositoryDetails) }
  if (primary.repository !== null) details.repository = primary.repository
  if (primary.archive !== null) details.archive = primary.archive
  run.details = details
  return run
}

/** The archive with the largest original size: the run's numbers when several repositories got one. */
export function largest(archives: BorgArchive[]): BorgArchive | null {
  let best: BorgArchive | null = null
  for (const a of archives) {
    if (best === null || (a.originalSize ?? -1) > (best.originalSize ?? -1)) best = a
  }
  return best
}

/** One repository's own numbers, as details.repositories lists them. */
export function repositoryDetails(a: BorgArchive): Record<string, unknown> {
  return {
    repository: a.repository,
    archive: a.archive,
    original_size: a.originalSize,
    compressed_size: a.compressedSize,
    deduplicated_size: a.deduplicatedSize,
    nfiles: a.nfiles,
    duration: a.duration,
  }
}

const EMBEDDED_BORG_JSON = /b'\{\\n.*?\}\\n'/g

/**
 * borgmatic's stderr for `error`: the embedded borg JSON blobs shortened, its help footer dropped
 * and repeated lines (its closing "summary:" repeats the errors) kept once.
 */
export function borgmaticStderrLines(stderr: string): string[] {
  const seen = new Set<string>()
  const out: string[] = []
  for (const raw of textLines(stderr)) {
    const line = raw.replace(EMBEDDED_BORG_JSON, "b'{…borg JSON…}'")
    if (/^Need some help\? /.test(line) || seen.has(line)) continue
    seen.add(line)
    out.push(line)
  }
  return out
}
