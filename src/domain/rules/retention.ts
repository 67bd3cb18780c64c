// job.retention_violation (warning): (a) the declared retention keeps less history, or fewer
// daily/weekly/monthly backups, than the policy requires (SPEC §7); (b) the last reported
// snapshot list (restic snapshots, borg list) shows a younger oldest snapshot, or fewer days,
// weeks or months with a snapshot, than required — once the job is old enough to have them.
import { DurationError, parseDuration } from '../duration.js'
import { iso, jobLabel } from '../job-alerts.js'
import type { Policy, RetentionFacts } from '../policy.js'
import type { Retention } from '../types.js'
import { humanAge, humanLimit } from './human.js'
import type { Desired, RuleJob } from './rule.js'

const DAY = 86_400_000
const WEEK = 7 * DAY
const MONTH = 30 * DAY
const YEAR = 365 * DAY

/** A `keep_within` value: milliseconds (parsed config) or a duration string as stored ("2d"). */
function withinMs(v: string | number | undefined): number | null {
  if (typeof v === 'number') return Number.isFinite(v) && v >= 0 ? v : null
  if (typeof v === 'string') {
    try {
      return parseDuration(v)
    } catch (err) {
      if (err instanceof DurationError) return null
      throw err
    }
  }
  return null
}

/** A count: a non-negative integer, or a string of digits. */
export function countOf(v: string | number | undefined): number | null {
  if (typeof v === 'number') return Number.isInteger(v) && v >= 0 ? v : null
  if (typeof v === 'string' && /^\s*\d+\s*$/.test(v)) return Number(v)
  return null
}

export interface DeclaredRetention {
  /** how far back the rules keep history (the longest of them), ms; null when nothing is declared */
  historyMs: number | null
  /** daily, weekly and monthly backups kept: the keep_* count, or what a keep-everything window
   * (keep_within, full_days, incremental_days) covers when that is more */
  daily: number
  weekly: number
  monthly: number
}

/** What a declared retention keeps (SPEC §7: keep_monthly counts 30 d, keep_yearly 365 d). */
export function declaredRetention(r: Retention): DeclaredRetention {
  const within = withinMs(r.keep_within)
  const daily = countOf(r.keep_daily)
  const weekly = countOf(r.keep_weekly)
  const monthly = countOf(r.keep_monthly)
  const yearly = countOf(r.keep_yearly)
  const fullDays = countOf(r.full_days)
  const incrementalDays = countOf(r.incremental_days)
  const keepAll = [
    within,
    fullDays === null ? null : fullDays * DAY,
    incrementalDays === null ? null : incrementalDays * DAY,
  ].filter((v): v is number => v !== null)
  const spans = [
    ...keepAll,
    daily === null ? null : daily * DAY,
    weekly === null ? null : weekly * WEEK,
    monthly === null ? null : monthly * MONTH,
    yearly === null ? null : yearly * YEAR,
  ].filter((v): v is number => v !== null)
  const window = keepAll.length === 0 ? 0 : Math.max(...keepAll)
  return {
    historyMs: spans.length === 0 ? null : Math.max(...spans),
    daily: Math.max(daily ?? 0, Math.floor(window / DAY)),
    weekly: Math.max(weekly ?? 0, Math.floor(window / WEEK)),
    monthly: Math.max(monthly ?? 0, Math.floor(window / MONTH)),
  }
}

/**
 * Every violation of the policy's retention minimums, in one sentence; null when there is none.
 * A job without declared retention is only checked against reported snapshot facts; reported
 * facts count only once the job is old enough (`now − createdAt`) to have what is required.
 */
export function retentionAlert(
  job: RuleJob & { retention: Retention | null; retentionFacts: RetentionFacts | null },
  policy: Policy,
  now: number,
): Desired {
  const min = policy.retention
  const label = jobLabel(job)
  const violations: string[] = []
  const sentences: string[] = []
  const details: Record<string, unknown> = {
    min_history_seconds: min.minHistory === null ? null : min.minHistory / 1000,
    min_daily: min.minDaily,
    min_weekly: min.minWeekly,
    min_monthly: min.minMonthly,
  }

  // (a) declared retention
  const declared =
    job.retention && Object.keys(job.retention).length > 0 ? declaredRetention(job.retention) : null
  if (declared) {
    details.declared = {
      history_seconds: declared.historyMs === null ? null : declared.historyMs / 1000,
      daily: declared.daily,
      weekly: declared.weekly,
      monthly: declared.monthly,
    }
    const clauses: string[] = []
    if (min.minHistory !== null && declared.historyMs !== null && declared.historyMs < min.minHistory) {
      violations.push('declared_history')
      clauses.push(
        `keeps ${humanLimit(declared.historyMs)} of history, the policy requires ${humanLimit(min.minHistory)}`,
      )
    }
    const counts: [string, number, number | null][] = [
      ['daily', declared.daily, min.minDaily],
      ['weekly', declared.weekly, min.minWeekly],
      ['monthly', declared.monthly, min.minMonthly],
    ]
    for (const [name, have, need] of counts) {
      if (need !== null && have < need) {
        violations.push(`declared_${name}`)
        clauses.push(`keeps ${have} ${name} (policy: ${need})`)
      }
    }
    if (clauses.length > 0) sentences.push(`Retention of ${label} ${clauses.join('; ')}`)
  }

  // (b) reported snapshot facts
  const facts = job.retentionFacts
  if (facts) {
    details.snapshots = {
      count: facts.count,
      oldest_at: facts.oldestAt === null ? null : iso(facts.oldestAt),
      newest_at: facts.newestAt === null ? null : iso(facts.newestAt),
      days: facts.days,
      weeks: facts.weeks,
      months: facts.months,
      reported_at: iso(facts.reportedAt),
    }
    const jobAge = now - job.createdAt
    const oldEnough = (span: number) => jobAge >= span
    const none = facts.count === 0 || facts.oldestAt === null
    const needs: string[] = []
    const clauses: string[] = []
    if (min.minHistory !== null && oldEnough(min.minHistory)) {
      if (none) needs.push(`${humanLimit(min.minHistory)} of history`)
      else if (now - facts.oldestAt! < min.minHistory) {
        violations.push('snapshot_history')
        clauses.push(
          `oldest snapshot is ${humanAge(now - facts.oldestAt!)} old, the policy requires ${humanLimit(min.minHistory)} of history`,
        )
      }
    }
    const counts: [string, string, number, number | null, number][] = [
      ['daily', 'days', facts.days, min.minDaily, DAY],
      ['weekly', 'weeks', facts.weeks, min.minWeekly, WEEK],
      ['monthly', 'months', facts.months, min.minMonthly, MONTH],
    ]
    for (const [name, unit, have, need, period] of counts) {
      if (need === null || have >= need || !oldEnough(need * period)) continue
      if (none) needs.push(`${need} ${name}`)
      else {
        violations.push(`snapshot_${name}`)
        clauses.push(
          `snapshots cover ${have} ${have === 1 ? unit.slice(0, -1) : unit} (policy: ${need} ${name})`,
        )
      }
    }
    if (none && needs.length > 0) {
      violations.push('no_snapshots')
      sentences.push(`${label} has no snapshots, the policy requires ${needs.join(', ')}`)
    } else if (clauses.length > 0) {
      sentences.push(`${label}'s ${clauses.join('; ')}`)
    }
  }

  if (sentences.length === 0) return null
  return { severity: 'warning', summary: sentences.join('; '), details: { violations, ...details } }
}

/**
 * Facts from a reported snapshot list: the count, the oldest and newest, and how many distinct
 * UTC days, ISO weeks (Monday to Sunday, UTC) and UTC months have a snapshot.
 */
export function retentionFactsOf(snapshotTimes: number[], now: number): RetentionFacts {
  const times = snapshotTimes.filter((t) => Number.isFinite(t))
  const days = new Set<number>()
  const weeks = new Set<number>()
  const months = new Set<number>()
  let oldest: number | null = null
  let newest: number | null = null
  for (const t of times) {
    const day = Math.floor(t / DAY)
    days.add(day)
    // 1970-01-01 was a Thursday: shifting by 3 days makes weeks start on Mondays.
    weeks.add(Math.floor((day + 3) / 7))
    const d = new Date(t)
    months.add(d.getUTCFullYear() * 12 + d.getUTCMonth())
    if (oldest === null || t < oldest) oldest = t
    if (newest === null || t > newest) newest = t
  }
  return {
    reportedAt: now,
    count: times.length,
    oldestAt: oldest,
    newestAt: newest,
    days: days.size,
    weeks: weeks.size,
    months: months.size,
  }
}
