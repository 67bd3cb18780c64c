// The job (and server) a run report names: found and locked, or created when the report may.
import type { JobRecord, ServerRecord } from '../../domain/records.js'
import { DEFAULT_HEARTBEAT_TIMEOUT_MS } from '../../domain/server-alerts.js'
import type { RunReport } from '../../ingest/run-report.js'
import type { AlertStore } from '../../store/roles/alert-store.js'
import type { JobSettingsPatch, JobStore } from '../../store/roles/job-store.js'
import type { ServerStore } from '../../store/roles/server-store.js'
import { jobSlugTaken } from '../jobs/delete-job.js'
import { defaultJob } from '../jobs/job-defaults.js'

export class UnknownJob extends Error {
  constructor(readonly slug: string) {
    super(`unknown job "${slug}"; send "create": true (or ?create=1) to create it`)
  }
}

/**
 * The server a report names, created on first mention with the default heartbeat timeout (as a
 * heartbeat creates one): no heartbeat is expected until its first, but once `backwatch
 * heartbeat` runs there, a silent host goes offline without anyone setting a timeout.
 */
export async function resolveServer(
  tx: ServerStore,
  report: RunReport,
  now: number,
): Promise<ServerRecord | null> {
  if (report.server === null) return null
  const existing = await tx.getServer({ name: report.server })
  if (existing) return existing
  return tx.createServer(
    {
      name: report.server,
      environment: report.environment,
      tags: [],
      heartbeatTimeout: DEFAULT_HEARTBEAT_TIMEOUT_MS,
    },
    now,
  )
}

/** The job a report names, locked; created (with its environment's defaults) when the report may. */
export async function resolveJob(
  tx: JobStore & AlertStore,
  report: RunReport,
  server: ServerRecord | null,
  ctx: { now: number; jobDefaults: (environment: string | null) => JobSettingsPatch },
): Promise<{ job: JobRecord; created: boolean }> {
  // settled from its locked, current row (a no-op lock when the caller locked it already)
  const [existing] = await tx.lockJobsByKey({ slugs: [report.job] })
  if (existing) {
    // A job with no server yet belongs to the server that reports its runs.
    if (server && existing.serverId === null) {
      return {
        job: await tx.updateJobSettings(existing.id, { server_id: server.id }, ctx.now),
        created: false,
      }
    }
    return { job: existing, created: false }
  }
  if (!report.create) throw new UnknownJob(report.job)
  const environment = report.environment ?? server?.environment ?? null
  const job = await tx.createJob(
    {
      ...defaultJob(report.job),
      ...ctx.jobDefaults(environment),
      environment,
      server_id: server?.id ?? null,
      ...(report.tool && { tool: report.tool }),
    },
    ctx.now,
  )
  await jobSlugTaken(tx, job, ctx.now)
  return { job, created: true }
}
