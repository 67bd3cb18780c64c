// What may be parsed off the event loop (parse-thread.ts): a tool's output → run reports, a
// snapshot list → retention facts. The same function runs inline for small bodies and on the
// worker for large ones; failures come back as data, since errors lose their class between
// threads, and failureError() turns them into the typed errors again.
import type { RetentionFacts } from '../../domain/policy.js'
import { exceedsJsonDepth, jsonDepthMessage } from '../../json-depth.js'
import type { RunReport } from '../run-report.js'
import { type ToolReportRequest, toolReports } from '../tool-report.js'
import { EmptyOutput, JsonTooDeep, ReportParseError } from './report-parse-error.js'
import { type SnapshotListRequest, snapshotFacts } from './snapshot-list.js'
import { type EntriesOverLimit, TooManyEntries } from './too-many-entries.js'

/** The request without its output (the body bytes travel beside it); no Buffers inside. */
export type ParseTask =
  | { kind: 'tool'; request: Omit<ToolReportRequest, 'output'> }
  | { kind: 'snapshots'; request: Omit<SnapshotListRequest, 'output'> }

export type ParseValue<T extends ParseTask> = T extends { kind: 'tool' } ? RunReport[] : RetentionFacts

export type ParseFailure =
  | { type: 'unparsable'; message: string }
  | { type: 'empty' }
  | { type: 'too_many'; over: EntriesOverLimit }
  | { type: 'too_deep'; message: string }

export type ParseOutcome<V> = { ok: true; value: V } | { ok: false; failure: ParseFailure }

export function runParseTask<T extends ParseTask>(task: T, bytes: Uint8Array): ParseOutcome<ParseValue<T>> {
  const output = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8')
  // before any parser sees it (they recurse), and here so a large body is scanned off the loop
  if (exceedsJsonDepth(output))
    return { ok: false, failure: { type: 'too_deep', message: jsonDepthMessage() } }
  try {
    const value =
      task.kind === 'tool'
        ? toolReports({ ...task.request, output })
        : snapshotFacts({ ...task.request, output })
    return { ok: true, value: value as ParseValue<T> }
  } catch (err) {
    if (err instanceof ReportParseError)
      return { ok: false, failure: { type: 'unparsable', message: err.message } }
    if (err instanceof EmptyOutput) return { ok: false, failure: { type: 'empty' } }
    if (err instanceof TooManyEntries) return { ok: false, failure: { type: 'too_many', over: err.over } }
    throw err
  }
}

export function failureError(failure: ParseFailure): Error {
  switch (failure.type) {
    case 'unparsable':
      return new ReportParseError(failure.message)
    case 'empty':
      return new EmptyOutput()
    case 'too_many':
      return new TooManyEntries(failure.over)
    case 'too_deep':
      return new JsonTooDeep(failure.message)
  }
}
