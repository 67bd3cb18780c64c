// The jobs a ping batch names, locked, and those its `?create=1` pings create.
import type { JobRecord } from '../../domain/records.js'
import type { PingObservation } from '../../ingest/observation.js'
import type { JobSettingsPatch, JobStore } from '../../store/roles/job-store.js'
import type { CoreStore } from '../../store/store.js'
import { jobSlugTaken } from '../jobs/delete-job.js'
import { defaultJob } from '../jobs/job-defaults.js'

/** Settings of a job a ping creates (`?create=1`): its project's `default` policy's job_defaults. */
export type PingJobDefaults = (projectId: number) => JobSettingsPatch

export interface BatchJobs {
  byUuid: Map<string, JobRecord>
  bySlug: Map<string, JobRecord>
}

/** A slug's key in BatchJobs.bySlug: slugs are unique per project. */
function slugKey(projectId: number, slug: string): string {
  return `${projectId}/${slug}`
}

/** The job a ping names, if it exists (or was created for the batch). */
export function jobOf(jobs: BatchJobs, o: PingObservation): JobRecord | undefined {
  return 'uuid' in o.target
    ? jobs.byUuid.get(o.target.uuid)
    : jobs.bySlug.get(slugKey(o.target.projectId, o.target.slug))
}

/**
 * Reads and locks the batch's jobs in one statement (id order). Decided from locked, current
 * rows: the evaluator (any instance's) settling one of them meanwhile is waited for, never
 * overwritten, and its alert is seen.
 */
export async function lockJobs(tx: JobStore, batch: PingObservation[]): Promise<BatchJobs> {
  const uuids = new Set<string>()
  const slugs = new Map<string, { projectId: number; slug: string }>()
  for (const o of batch) {
    if ('uuid' in o.target) uuids.add(o.target.uuid)
    else slugs.set(slugKey(o.target.projectId, o.target.slug), o.target)
  }
  const found = await tx.lockJobsByKey({ uuids: [...uuids], slugs: [...slugs.values()] })
  return {
    byUuid: new Map(found.filter((j) => uuids.has(j.uuid)).map((j) => [j.uuid, j])),
    bySlug: new Map(
      found
        .filter((j) => slugs.has(slugKey(j.projectId, j.slug)))
        .map((j) => [slugKey(j.projectId, j.slug), j]),
    ),
  }
}

/** Creates the jobs `?create=1` pings name that do not exist; returns the indexes of those pings. */
export async function createMissingJobs(
  tx: JobStore & Pick<CoreStore, 'inProject'>,
  batch: PingObservation[],
  jobs: BatchJobs,
  now: number,
  defaults: PingJobDefaults,
): Promise<Set<number>> {
  const created = new Set<number>()
  for (const [i, o] of batch.entries()) {
    if ('slug' in o.target && o.target.create && !jobOf(jobs, o)) {
      const { projectId, slug } = o.target
      const scoped = tx.inProject(projectId)
      const job = await scoped.createJob({ ...defaultJob(slug), ...defaults(projectId) }, now)
      await jobSlugTaken(scoped, job, now)
      jobs.bySlug.set(slugKey(projectId, slug), job)
      created.add(i)
    }
  }
  return created
}
