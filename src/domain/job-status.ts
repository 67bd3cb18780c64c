// A job's status as a pure function of its facts and the current instant (Healthchecks semantics).
import { nextExpectedAt } from './schedule.js'
import type { JobFacts, JobStatus } from './types.js'

export type DownReason = 'missed' | 'long_running' | 'failed'

export interface DerivedStatus {
  status: JobStatus
  /** a start is open (runningSince !== null) */
  running: boolean
  /** why the job is down; null unless status is 'down' */
  downReason: DownReason | null
  /** when the next success/fail ping is expected; null for paused and new jobs, or when a cron schedule never fires again */
  expectedAt: number | null
}

/** Instant at which an open start becomes overdue, or null when nothing is running. */
function runningDeadline(facts: JobFacts): number | null {
  return facts.runningSince === null ? null : facts.runningSince + (facts.maxDuration ?? facts.grace)
}

export function deriveStatus(facts: JobFacts, now: number): DerivedStatus {
  const running = facts.runningSince !== null
  if (facts.paused) return { status: 'paused', running, downReason: null, expectedAt: null }
  // Never finished a run: new jobs never go down, not even with an open start.
  if (facts.lastPingAt === null) return { status: 'new', running, downReason: null, expectedAt: null }

  const expectedAt = nextExpectedAt(facts.schedule, facts.lastPingAt)
  const deadline = runningDeadline(facts)
  if (deadline !== null && now >= deadline) {
    return { status: 'down', running, downReason: 'long_running', expectedAt }
  }
  if (facts.lastPingFailed) return { status: 'down', running, downReason: 'failed', expectedAt }
  if (expectedAt !== null) {
    if (now >= expectedAt + facts.grace) return { status: 'down', running, downReason: 'missed', expectedAt }
    if (now >= expectedAt) return { status: 'grace', running, downReason: null, expectedAt }
  }
  return { status: 'up', running, downReason: null, expectedAt }
}

/** The next instant strictly after `now` at which deriveStatus could change by time alone, or null (never). */
export function nextChangeAt(facts: JobFacts, now: number): number | null {
  if (facts.paused || facts.lastPingAt === null) return null
  const deadline = runningDeadline(facts)
  // Overdue start: long_running wins over everything else until a ping changes the facts.
  if (deadline !== null && now >= deadline) return null

  const candidates: number[] = []
  if (deadline !== null) candidates.push(deadline)
  if (!facts.lastPingFailed) {
    const expectedAt = nextExpectedAt(facts.schedule, facts.lastPingAt)
    if (expectedAt !== null) candidates.push(expectedAt, expectedAt + facts.grace)
  }
  let next: number | null = null
  for (const at of candidates) if (at > now && (next === null || at < next)) next = at
  return next
}
