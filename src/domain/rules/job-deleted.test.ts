import { describe, expect, it } from 'vitest'
import { DEFAULT_POLICY } from '../policy.js'
import { deletedJobAlert, deletedJobSubject } from './job-deleted.js'

const NOW = Date.UTC(2026, 2, 10, 12, 0, 0)
const H = 3_600_000
const job = {
  id: 7,
  slug: 'db-nightly',
  name: 'DB nightly',
  serverName: 'db01',
  environment: 'production',
  tags: ['db'],
  runs: 412,
  lastSuccessAt: NOW - 3 * H,
  deletedBy: 'alice',
}

describe('job.deleted', () => {
  it('is critical and says who deleted what, how much history went, and the last success', () => {
    const alert = deletedJobAlert(job, DEFAULT_POLICY, NOW)
    expect(alert?.severity).toBe('critical')
    expect(alert?.summary).toBe(
      'Job "db-nightly" was deleted by alice (412 runs, last success 3 h ago): its backups are no longer monitored',
    )
    expect(alert?.details).toMatchObject({
      job_id: 7,
      slug: 'db-nightly',
      runs: 412,
      last_success_at: '2026-03-10T09:00:00Z',
      deleted_by: 'alice',
    })
  })

  it('says so when the job never succeeded', () => {
    const alert = deletedJobAlert({ ...job, runs: 1, lastSuccessAt: null }, DEFAULT_POLICY, NOW)
    expect(alert?.summary).toContain('(1 run, never succeeded)')
  })

  it('stays quiet for a job without runs, and when the policy opts out', () => {
    expect(deletedJobAlert({ ...job, runs: 0 }, DEFAULT_POLICY, NOW)).toBeNull()
    expect(deletedJobAlert(job, { ...DEFAULT_POLICY, deletionAlert: false }, NOW)).toBeNull()
  })

  it('names its subject by project and slug', () => {
    expect(deletedJobSubject(2, 'db-nightly')).toBe('deleted-job:2:db-nightly')
  })
})
