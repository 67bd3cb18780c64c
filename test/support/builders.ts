// Plain test data: a stored run with every column, for store-level tests to override.
import type { NewRun } from '../../src/store/roles/run-store.js'

export const T0 = 1_700_000_000_000

export function aRun(jobId: number, overrides: Partial<NewRun> = {}): NewRun {
  return {
    project_id: 1,
    job_id: jobId,
    server_id: null,
    rid: null,
    kind: 'backup',
    status: 'succeeded',
    failure_kind: null,
    started_at: T0,
    finished_at: T0 + 1000,
    sort_at: T0 + 1000,
    duration_ms: 1000,
    exit_code: 0,
    size_bytes: null,
    added_bytes: null,
    files_total: null,
    files_new: null,
    files_changed: null,
    error: null,
    source: 'api',
    details: null,
    log: null,
    log_size: 0,
    ...overrides,
  }
}
