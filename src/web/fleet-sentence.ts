// The fleet in one sentence, worst first: "2 jobs down, 1 server offline" or "All 14 jobs are up
// to date". Built from the fleet report's counts.
import type { FleetReport } from '../report/build-report.js'

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`

export interface FleetSentence {
  text: string
  tone: 'bad' | 'warn' | 'ok' | 'idle'
}

export function fleetSentence(
  r: Pick<FleetReport, 'jobs_total' | 'jobs_by_status' | 'servers_offline'>,
): FleetSentence {
  const s = r.jobs_by_status
  const problems = [
    ...(s.down > 0 ? [`${plural(s.down, 'job')} down`] : []),
    ...(r.servers_offline > 0 ? [`${plural(r.servers_offline, 'server')} offline`] : []),
  ]
  const late = s.grace > 0 ? `${plural(s.grace, 'job')} late` : null
  if (problems.length > 0) return { text: [...problems, ...(late ? [late] : [])].join(', '), tone: 'bad' }
  if (late) return { text: `${late}, nothing down yet`, tone: 'warn' }
  if (r.jobs_total === 0) return { text: 'No jobs yet', tone: 'idle' }
  const watched = r.jobs_total - s.paused - s.new
  const extras = [
    ...(s.new > 0 ? [`${s.new} waiting for a first run`] : []),
    ...(s.paused > 0 ? [`${s.paused} paused`] : []),
  ]
  const head =
    watched === 0
      ? 'No job has reported yet'
      : watched === 1 && r.jobs_total === 1
        ? 'The only job is up to date'
        : `All ${plural(watched, 'job')} ${watched === 1 ? 'is' : 'are'} up to date`
  return {
    text: extras.length ? `${head} (${extras.join(', ')})` : head,
    tone: watched === 0 ? 'idle' : 'ok',
  }
}
