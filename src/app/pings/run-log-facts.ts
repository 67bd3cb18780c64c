// A ping-fed run, once it ends, takes what its log says (ingest/ping-log-facts.ts): a failed
// run the line saying why as its `error`; a run that did not fail borg's numbers from its
// `--stats` text, as a native borg report would give them.
import { archiveFactsOfLog, errorOfLog } from '../../ingest/ping-log-facts.js'
import type { NewRun } from '../../store/roles/run-store.js'

const utf8 = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true })

/** Fills `run`'s error, or its numbers and details, from its log (the bodies kept so far). */
export function takeLogFacts(run: NewRun): void {
  if (!run.log || run.log.length === 0) return
  const log = utf8.decode(run.log)
  if (run.status === 'failed') {
    run.error ??= errorOfLog(log)
    return
  }
  const facts = archiveFactsOfLog(log)
  if (facts === null) return
  run.size_bytes = facts.sizeBytes
  run.added_bytes = facts.addedBytes
  run.files_total = facts.filesTotal
  run.details = JSON.stringify(facts.details)
  // without a start ping, borg's own duration dates the run's start
  if (run.started_at === null && facts.durationMs !== null && run.finished_at !== null) {
    run.duration_ms = facts.durationMs
    run.started_at = run.finished_at - facts.durationMs
  }
}
