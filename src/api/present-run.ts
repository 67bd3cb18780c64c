// Run → API representation (SPEC §3). `duration` is seconds; the log only on GET /runs/{id}.
import { iso } from '../domain/job-alerts.js'
import type { RunRecord } from '../domain/records.js'

const isoOrNull = (ms: number | null) => (ms === null ? null : iso(ms))

export function presentRun(run: RunRecord) {
  return {
    id: run.id,
    job: run.jobSlug,
    server: run.serverName,
    rid: run.rid,
    kind: run.kind,
    status: run.status,
    failure_kind: run.failureKind,
    started_at: isoOrNull(run.startedAt),
    finished_at: isoOrNull(run.finishedAt),
    duration: run.durationMs === null ? null : run.durationMs / 1000,
    exit_code: run.exitCode,
    size_bytes: run.sizeBytes,
    added_bytes: run.addedBytes,
    files_total: run.filesTotal,
    files_new: run.filesNew,
    files_changed: run.filesChanged,
    error: run.error,
    source: run.source,
    details: run.details,
  }
}

export type RunView = ReturnType<typeof presentRun>

const utf8 = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true })

/**
 * With the stored log decoded as UTF-8 (invalid bytes become U+FFFD), `log_size` (bytes received)
 * and `log_truncated` (more was received than kept). `log` is null when nothing was received.
 */
export function presentRunWithLog(run: RunRecord) {
  const stored = run.log ?? null
  const kept = stored?.length ?? 0
  return {
    ...presentRun(run),
    log: stored === null && run.logSize === 0 ? null : utf8.decode(stored ?? new Uint8Array()),
    log_size: run.logSize,
    log_truncated: run.logSize > kept,
  }
}
