// One SqlBak sync: its servers (a heartbeat for each online one), its jobs (created once, as
// `sqlbak-<id>` with the retention of their destinations) and the runs since the last sync,
// sent to Backwatch's API. What a sync created or sent is counted for the command's summary.
import { apiRequest, CliError, type ClientOptions } from '../api-client.js'
import type { SqlBakClient, SqlBakObject } from './sqlbak-client.js'
import {
  errorOfLog,
  isValidServerName,
  jobSlug,
  retentionOf,
  runReport,
  runStatus,
  serverNames,
} from './sqlbak-mapping.js'

export interface SyncOptions {
  sqlbak: SqlBakClient
  backwatch: ClientOptions
  /** servers' heartbeat timeout, e.g. "15m": an offline SqlBak server turns offline in Backwatch after it */
  heartbeatTimeout: string
  /** new jobs' schedule (SqlBak's own is not in the API): `every` */
  schedule: string
  grace: string
  /** runs started since this instant (ms) are fetched on the first sync */
  firstSince: number
  warn: (line: string) => void
}

export interface SyncStats {
  servers: number
  jobs: number
  jobsCreated: number
  runsSent: number
  warnings: number
}

/** Re-fetch this much before the newest run seen: a run that was still running is sent again, finished. */
const OVERLAP_MS = 24 * 3_600_000

function id(o: SqlBakObject): string | null {
  return typeof o.id === 'number' || (typeof o.id === 'string' && o.id !== '') ? String(o.id) : null
}

function isConflict(err: unknown): boolean {
  return err instanceof CliError && err.status === 409
}

export class SqlBakSync {
  /** per SqlBak job id: runs started from this instant are fetched next time */
  private readonly since = new Map<string, number>()
  private readonly knownServers = new Set<string>()
  private readonly knownJobs = new Set<string>()
  /** per SqlBak job, the runs sent: run id → [status sent, started at]; sent again only when changed */
  private readonly sent = new Map<string, Map<string, [string, number]>>()

  constructor(private readonly opts: SyncOptions) {}

  async syncOnce(): Promise<SyncStats> {
    const { sqlbak } = this.opts
    const stats: SyncStats = {
      servers: 0,
      jobs: 0,
      jobsCreated: 0,
      runsSent: 0,
      warnings: 0,
    }
    const servers = await sqlbak.list('/servers')
    const jobs = await sqlbak.list('/jobs')
    const names = serverNames(servers)
    for (const server of servers) await this.syncServer(server, names, stats)
    for (const job of jobs) {
      const jobId = id(job)
      if (jobId === null) continue
      const server = names.get(String(job.server_id ?? '')) ?? null
      try {
        await this.syncJob(job, jobId, server, stats)
      } catch (err) {
        // one job's trouble (a run SqlBak describes oddly) does not stop the others
        stats.warnings++
        this.opts.warn(`job ${jobSlug(job)}: ${(err as Error).message}`)
      }
    }
    return stats
  }

  private async syncServer(server: SqlBakObject, names: Map<string, string>, stats: SyncStats) {
    const name = names.get(id(server) ?? '')
    if (!name || !isValidServerName(name)) return
    stats.servers++
    const body = { heartbeat_timeout: this.opts.heartbeatTimeout, tags: ['sqlbak'] }
    const online = String(server.status ?? '').toLowerCase() === 'online'
    if (online) {
      // creates it when unknown; its heartbeat timeout makes a SqlBak server that goes offline offline here
      await apiRequest(this.opts.backwatch, 'POST', `/servers/${encodeURIComponent(name)}/heartbeat`, body)
    } else if (!this.knownServers.has(name)) {
      try {
        await apiRequest(this.opts.backwatch, 'POST', '/servers', { name, ...body })
      } catch (err) {
        if (!isConflict(err)) throw err
      }
    }
    this.knownServers.add(name)
  }

  private async syncJob(job: SqlBakObject, jobId: string, server: string | null, stats: SyncStats) {
    const { sqlbak, backwatch } = this.opts
    const slug = jobSlug(job)
    stats.jobs++
    if (!this.knownJobs.has(slug)) {
      const settings = await sqlbak.get(`/jobs/${encodeURIComponent(jobId)}/settings`).catch((err: Error) => {
        stats.warnings++
        this.opts.warn(`job ${slug}: no settings (${err.message}); created without retention`)
        return null
      })
      const retention = retentionOf(settings)
      try {
        await apiRequest(backwatch, 'POST', '/jobs', {
          slug,
          name: (typeof job.name === 'string' && job.name.trim()) || slug,
          ...(server !== null && { server }),
          tags: ['sqlbak'],
          schedule: { every: this.opts.schedule },
          grace: this.opts.grace,
          ...(retention !== null && { retention }),
        })
        stats.jobsCreated++
      } catch (err) {
        // made by an earlier sync (or by hand): its settings are the user's now
        if (!isConflict(err)) throw err
      }
      this.knownJobs.add(slug)
    }
    const from = this.since.get(jobId) ?? this.opts.firstSince
    let runs = await sqlbak.list('/jobruns', { job_id: jobId, started_after: from })
    // the article's fallback: a job whose history is empty for the window still shows its last run
    if (runs.length === 0 && job.last_run && typeof job.last_run === 'object')
      runs = [job.last_run as SqlBakObject]
    let newest = from
    const sent = this.sent.get(jobId) ?? new Map<string, [string, number]>()
    this.sent.set(jobId, sent)
    for (const run of runs.sort((x, y) => Number(x.started_at ?? 0) - Number(y.started_at ?? 0))) {
      const started = Number(run.started_at)
      if (Number.isFinite(started) && started > newest) newest = started
      const runId = id(run)
      const status = runStatus(run.status)
      if (runId === null || status === null || sent.get(runId)?.[0] === status) continue
      // a failed run says why in its log: its error line becomes the run's error (and the alert's)
      const log =
        status === 'failed'
          ? errorOfLog(await sqlbak.get(`/jobruns/${encodeURIComponent(runId)}/logs`).catch(() => null))
          : undefined
      const report = runReport(sqlbak.base, run, slug, server, log)
      if (report === null) continue
      await apiRequest(backwatch, 'POST', '/runs', report)
      sent.set(runId, [status, Number.isFinite(started) ? started : 0])
      stats.runsSent++
    }
    const next = Math.max(from, newest - OVERLAP_MS)
    this.since.set(jobId, next)
    for (const [runId, [, started]] of sent) if (started < next) sent.delete(runId)
  }
}
