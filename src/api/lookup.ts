// Finds the job or server a path or a filter names. A numeric reference is tried as an id first,
// then as a slug/name (slugs and server names may be all digits).
//
// An unknown job or server in a list *filter* is a 400 (`unknown job "x"`), not an empty list: a
// typo should not look like "no runs", and a 404 would suggest the list itself does not exist.
import { lookupJob } from '../app/jobs/find-job.js'
import type { ServerRecord } from '../domain/records.js'
import type { JobStore } from '../store/roles/job-store.js'
import type { ServerStore } from '../store/roles/server-store.js'
import { notFound } from './api-errors.js'
import { badParam, param } from './query-params.js'

function asId(ref: string): number | null {
  if (!/^\d{1,15}$/.test(ref)) return null
  const id = Number(ref)
  return id > 0 ? id : null
}

export { findJob, lookupJob } from '../app/jobs/find-job.js'

export async function lookupServer(store: ServerStore, ref: string): Promise<ServerRecord | null> {
  const id = asId(ref)
  return (id !== null ? await store.getServer({ id }) : null) ?? (await store.getServer({ name: ref }))
}

/** The server a path names, or 404. */
export async function findServer(store: ServerStore, ref: string): Promise<ServerRecord> {
  const server = await lookupServer(store, ref)
  if (!server) throw notFound('server')
  return server
}

/** The id of the job named by the `job` query parameter; undefined when absent. */
export async function jobFilter(store: JobStore, url: URL): Promise<number | undefined> {
  const ref = param(url, 'job')
  if (ref === undefined) return undefined
  const job = await lookupJob(store, ref)
  if (!job) throw badParam('job', `unknown job ${JSON.stringify(ref)}`)
  return job.id
}

/** The id of the server named by the `server` query parameter; undefined when absent. */
export async function serverFilter(store: ServerStore, url: URL): Promise<number | undefined> {
  const ref = param(url, 'server')
  if (ref === undefined) return undefined
  const server = await lookupServer(store, ref)
  if (!server) throw badParam('server', `unknown server ${JSON.stringify(ref)}`)
  return server.id
}
