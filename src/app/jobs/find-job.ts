// Finds the job a reference names (the API's path, a dashboard page). A numeric reference is
// tried as an id first, then as a slug (slugs may be all digits).
import type { JobRecord } from '../../domain/records.js'
import { notFound } from '../../http/http-error.js'
import type { JobStore } from '../../store/roles/job-store.js'

function asId(ref: string): number | null {
  if (!/^\d{1,15}$/.test(ref)) return null
  const id = Number(ref)
  return id > 0 ? id : null
}

export async function lookupJob(store: JobStore, ref: string): Promise<JobRecord | null> {
  const id = asId(ref)
  return (id !== null ? await store.getJob({ id }) : null) ?? (await store.getJob({ slug: ref }))
}

/** The job a path names, or 404. */
export async function findJob(store: JobStore, ref: string): Promise<JobRecord> {
  const job = await lookupJob(store, ref)
  if (!job) throw notFound('job')
  return job
}
