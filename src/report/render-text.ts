// The fleet report as plain text for a terminal or a cron mail: a header of totals, then one
// line per problem, most severe first, that a person reads at a glance:
//   CRITICAL  db1/nightly  job.failed  Backup of db1/nightly failed: exit status 2 (since 2026-11-22 04:10 UTC)
import { humanAge } from '../domain/rules/human.js'
import type { FleetReport, ProblemView } from './build-report.js'

/** Longest summary shown on a problem line; the JSON and CSV forms keep it whole. */
const SUMMARY_CHARS = 200

/** `2026-11-22T04:10:00Z` → `2026-11-22 04:10 UTC` */
export function utcMinute(isoTime: string): string {
  return `${isoTime.slice(0, 10)} ${isoTime.slice(11, 16)} UTC`
}

/** 0.9924 → `99.2%`, rounded down so that a single failure never shows as 100%; null → `no runs`. */
export function percent(rate: number | null): string {
  return rate === null ? 'no runs' : `${(Math.floor(rate * 1000 + 1e-9) / 10).toFixed(1)}%`
}

/** What a problem is about: `server/job`, the job or the server alone, or `-`. */
export function subjectOf(p: Pick<ProblemView, 'server' | 'job'>): string {
  if (p.server !== null && p.job !== null) return `${p.server}/${p.job}`
  return p.job ?? p.server ?? '-'
}

/** One line of text: control characters (a log's escape sequences, newlines) become spaces. */
export function oneLine(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\s]+/g, ' ').trim()
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`
}

/** `; silenced until …` for a problem a silence holds back. */
export function silencedNote(p: ProblemView): string {
  return p.silenced_by ? `; silenced until ${utcMinute(p.silenced_by.ends_at)}` : ''
}

function problemLines(problems: ProblemView[]): string[] {
  const rows = problems.map((p) => ({
    severity: p.severity.toUpperCase(),
    subject: oneLine(subjectOf(p)),
    type: p.type,
    text: `${clip(oneLine(p.summary), SUMMARY_CHARS)} (since ${utcMinute(p.opened_at)}${silencedNote(p)})`,
  }))
  const width = (key: 'severity' | 'subject' | 'type') => Math.max(...rows.map((r) => r[key].length))
  const [ws, wj, wt] = [width('severity'), width('subject'), width('type')]
  return rows.map((r) => `${r.severity.padEnd(ws)}  ${r.subject.padEnd(wj)}  ${r.type.padEnd(wt)}  ${r.text}`)
}

/** `12 jobs verified restorable, the least recently 34 d ago (2026-10-19 04:00 UTC)`; null without any. */
export function restoreTestsLine(report: FleetReport): string | null {
  const r = report.restore_tests
  if (r.jobs_verified === 0 || r.oldest_verified_at === null) return null
  const age = Date.parse(report.generated_at) - Date.parse(r.oldest_verified_at)
  const jobs = r.jobs_verified === 1 ? '1 job' : `${r.jobs_verified} jobs`
  return `${jobs} verified restorable, the least recently ${humanAge(Math.max(0, age))} ago (${utcMinute(r.oldest_verified_at)})`
}

export function renderText(report: FleetReport): string {
  const s = report.jobs_by_status
  const a = report.alerts_active
  const lines = [
    `Backwatch fleet report, ${utcMinute(report.generated_at)}`,
    '',
    `Servers  ${report.servers_total} total: ${report.servers_online} online, ${report.servers_offline} offline, ` +
      `${report.servers_without_jobs} without jobs, ${report.servers_up_to_date} up to date`,
    `Jobs     ${report.jobs_total} total: ${s.up} up, ${s.grace} grace, ${s.down} down, ${s.paused} paused, ${s.new} new`,
    `Success  24 h: ${percent(report.success_rate_24h)}, 7 d: ${percent(report.success_rate_7d)} ` +
      '(finished runs that made a backup)',
    `Alerts   ${a.critical} critical, ${a.warning} warning, ${a.info} info`,
  ]
  const restores = restoreTestsLine(report)
  if (restores !== null) lines.push(`Restores ${restores}`)
  lines.push('')
  if (report.problems.length === 0) {
    lines.push('No active problems.')
  } else {
    lines.push(...problemLines(report.problems))
    if (report.problems_truncated) {
      lines.push(
        `… only the first ${report.problems.length} problems are listed (GET /api/v1/alerts?status=active has all)`,
      )
    }
  }
  return `${lines.join('\n')}\n`
}
