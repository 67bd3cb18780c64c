// server.unprotected (warning): a known server with no backup job, or only paused ones.
import type { Desired } from './rule.js'

export function unprotectedAlert(server: { name: string }, jobs: { total: number; active: number }): Desired {
  if (jobs.total <= 0) {
    return {
      severity: 'warning',
      summary: `Server ${server.name} has no backup job`,
      details: { jobs_total: 0, jobs_active: 0 },
    }
  }
  if (jobs.active <= 0) {
    return {
      severity: 'warning',
      summary: `Server ${server.name} has only paused backup jobs (${jobs.total})`,
      details: { jobs_total: jobs.total, jobs_active: 0 },
    }
  }
  return null
}
