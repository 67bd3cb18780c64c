// Plain test data: a stored run and a ping event with every column, for store-level tests to override.
import type { NewPingEvent, NewRun } from '../../src/store/roles/run-store.js'

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

export function aPingEvent(jobId: number, overrides: Partial<NewPingEvent> = {}): NewPingEvent {
  return {
    job_id: jobId,
    run_id: null,
    kind: 'success',
    exit_status: null,
    rid: null,
    source: 'healthchecks',
    method: 'POST',
    remote_addr: '192.0.2.1',
    user_agent: 'curl/8',
    body_size: 0,
    body: null,
    received_at: T0,
    ...overrides,
  }
}
