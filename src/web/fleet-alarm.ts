// What turns the title and favicon red: jobs down and servers offline, counted by the same
// aggregate queries the fleet report uses.
import type { ReportStore } from '../store/roles/report-store.js'

export interface FleetAlarm {
  jobsDown: number
  serversOffline: number
}

export async function fleetAlarm(store: ReportStore, now: number): Promise<FleetAlarm> {
  const [jobs, servers] = await Promise.all([store.jobStatusCounts(), store.serverHealthCounts(now)])
  return { jobsDown: jobs.down ?? 0, serversOffline: servers.offline }
}

export const downCount = (a: FleetAlarm) => a.jobsDown + a.serversOffline
