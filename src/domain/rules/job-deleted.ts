// job.deleted (critical), like Azure Backup's "stop protection": a job that has runs was deleted
// (through the API or by leaving the config file), so its backups are no longer watched. The
// alert outlives the job's row: its subject is the project and slug (deletedJobSubject), and it
// resolves when a job of that slug exists in the project again, or by hand.
import { iso } from '../job-alerts.js'
import type { Policy } from '../policy.js'
import { humanAge } from './human.js'
import type { AlertSpec } from './rule.js'

export interface DeletedJobFacts {
  id: number
  slug: string
  name: string
  serverName: string | null
  environment: string | null
  tags: string[]
  runs: number
  lastSuccessAt: number | null
  /** who deleted it: a username, a token's name, "the config file" */
  deletedBy: string
}

/** The alert subject of a deleted job of a project: ids die with the row, the slug may return. */
export function deletedJobSubject(projectId: number, slug: string): string {
  return `deleted-job:${projectId}:${slug}`
}

/** The alert for the deletion, or null: a job without runs protected nothing; the policy may opt out. */
export function deletedJobAlert(job: DeletedJobFacts, policy: Policy, now: number): AlertSpec | null {
  if (job.runs <= 0 || !policy.deletionAlert) return null
  const last =
    job.lastSuccessAt === null ? 'never succeeded' : `last success ${humanAge(now - job.lastSuccessAt)} ago`
  return {
    severity: 'critical',
    summary: `Job "${job.slug}" was deleted by ${job.deletedBy} (${job.runs} run${job.runs === 1 ? '' : 's'}, ${last}): its backups are no longer monitored`,
    details: {
      job_id: job.id,
      slug: job.slug,
      name: job.name,
      server: job.serverName,
      environment: job.environment,
      tags: job.tags,
      runs: job.runs,
      last_success_at: job.lastSuccessAt === null ? null : iso(job.lastSuccessAt),
      deleted_by: job.deletedBy,
      deleted_at: iso(now),
    },
  }
}
