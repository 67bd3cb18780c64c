// The config file's jobs: each created or updated (the file wins for the fields it sets) and
// marked as the file's (source `config`); a job the file declared and no longer does is deleted
// (app/jobs/delete-job.ts: audited, and a critical job.deleted alert when it had runs). Jobs made
// any other way are never touched. A chunk of jobs per transaction, each locked (in id order)
// before it is changed and settled: other instances keep taking pings meanwhile, and none of them
// is settled from a stale read.
import type { ProjectSections } from '../../config/project-sections.js'
import { target } from '../../domain/audit.js'
import { settleJob } from '../../evaluate/settle-job.js'
import { chunks } from '../../store/chunks.js'
import type { AuditRecorder } from '../../store/roles/audit-store.js'
import type { CoreStore } from '../../store/store.js'
import { type DeleteJobStore, deleteJob, jobSlugTaken } from '../jobs/delete-job.js'
import { jobSettingsColumns } from '../jobs/job-columns.js'
import { defaultJob } from '../jobs/job-defaults.js'

const JOBS_PER_TRANSACTION = 50

export interface ApplyJobsOptions {
  /** every job is settled again (a policy changed), not only those created or changed */
  settleAll: boolean
  /** delete the file's former jobs it no longer declares: only when a file was read */
  prune: boolean
  audit: AuditRecorder
}

export async function applyJobs(
  store: CoreStore,
  specs: ProjectSections['jobs'],
  now: number,
  opts: ApplyJobsOptions,
): Promise<void> {
  for (const part of chunks(specs, JOBS_PER_TRANSACTION)) {
    await store.transaction((tx) => applyChunk(tx, part, now, opts))
  }
  if (!opts.prune) return
  const declared = new Set(specs.map((s) => s.slug!))
  const gone = (await store.transaction((tx) => tx.configJobs())).filter((j) => !declared.has(j.slug))
  for (const part of chunks(gone, JOBS_PER_TRANSACTION)) {
    await store.transaction(async (tx) => {
      for (const job of await tx.lockJobs(part.map((j) => j.id)))
        await deleteJob(tx, job, 'the config file', opts.audit, now)
    })
  }
}

/** Creates or updates one chunk; settles those created or changed (all of them with settleAll). */
async function applyChunk(
  tx: DeleteJobStore,
  specs: ProjectSections['jobs'],
  now: number,
  { settleAll, audit }: ApplyJobsOptions,
): Promise<void> {
  const uuids = specs.flatMap((s) => (s.uuid ? [s.uuid] : []))
  const slugs = specs.map((s) => s.slug!)
  const jobs = await tx.lockJobsByKey({ uuids, slugs })
  const byUuid = new Map(jobs.map((j) => [j.uuid, j]))
  const bySlug = new Map(jobs.map((j) => [j.slug, j]))
  for (const spec of specs) {
    const columns = await jobSettingsColumns(tx, spec, now)
    const existing = (spec.uuid ? byUuid.get(spec.uuid) : undefined) ?? bySlug.get(spec.slug!)
    const changed = existing
      ? await tx.updateChangedJobSettings(existing.id, columns, now)
      : await tx.createJob(
          { ...defaultJob(spec.slug!), ...(spec.uuid && { uuid: spec.uuid }), ...columns, source: 'config' },
          now,
        )
    // the file takes over a job made another way (or before it was marked): no setting changed
    if (existing) await tx.updateChangedJobSettings(existing.id, { source: 'config' }, now)
    if (changed) {
      const action = existing ? 'job.updated' : 'job.created'
      await audit(tx, { action, target: target('job', changed.id, changed.slug) })
      if (changed.slug !== existing?.slug) await jobSlugTaken(tx, changed, now)
    }
    const job = changed ?? (settleAll ? existing : null)
    if (job) await settleJob(tx, job, now)
  }
}
