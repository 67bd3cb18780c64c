// What a job created implicitly (ping with ?create=1, a run report) starts with.
import { randomUUID } from 'node:crypto'
import type { NewJob } from '../../store/roles/job-store.js'

export const DEFAULT_EVERY_MS = 86_400_000
export const DEFAULT_GRACE_MS = 3_600_000

export function defaultJob(slug: string): NewJob {
  return {
    uuid: randomUUID(),
    slug,
    name: slug,
    server_id: null,
    environment: null,
    tags: '[]',
    tool: 'generic',
    schedule_every: DEFAULT_EVERY_MS,
    schedule_cron: null,
    schedule_tz: null,
    grace: DEFAULT_GRACE_MS,
    max_duration: null,
    warning_exit_codes: '[]',
    retention: null,
    paused: 0,
  }
}
