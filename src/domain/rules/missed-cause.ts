// The likely cause of a job.missed alert when the job's server is offline; the caller appends it
// to the missed summary.
import { utcMinute } from './human.js'

export function offlineCause(serverName: string | null, serverOfflineSince: number | null): string | null {
  if (serverName === null || serverOfflineSince === null) return null
  return `; server ${serverName} has been offline since ${utcMinute(serverOfflineSince)} (no heartbeat), the likely cause`
}
