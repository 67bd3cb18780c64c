// The time zone a job's times are shown in: its cron schedule's zone; UTC for an `every` schedule
// or a job that is gone.
import type { JobView } from '../api/present-job.js'
import { apiRequest, CliError, type ClientOptions } from './api-client.js'

export function zoneOf(job: Pick<JobView, 'schedule'>): string | null {
  return 'tz' in job.schedule ? job.schedule.tz : null
}

export async function jobZone(opts: ClientOptions, slug: string | null): Promise<string | null> {
  if (slug === null) return null
  try {
    return zoneOf(await apiRequest<JobView>(opts, 'GET', `/jobs/${encodeURIComponent(slug)}`))
  } catch (err) {
    if (err instanceof CliError && err.status === 404) return null
    throw err
  }
}
