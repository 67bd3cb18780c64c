// The fleet report as Markdown (a wiki page, a ticket, a chat message): a summary table, then
// a problems table, most severe first.
import type { FleetReport } from './build-report.js'
import { oneLine, percent, restoreTestsLine, silencedNote, utcMinute } from './render-text.js'

/** Text for a table cell: on one line, with Markdown's and HTML's active characters escaped. */
export function cell(text: string): string {
  return oneLine(text).replace(/[\\`*_[\]<>|~]/g, '\\$&')
}

export function renderMarkdown(report: FleetReport): string {
  const s = report.jobs_by_status
  const a = report.alerts_active
  const rows: [string, string | number][] = [
    ['Servers', report.servers_total],
    ['Servers online', report.servers_online],
    ['Servers offline', report.servers_offline],
    ['Servers without jobs', report.servers_without_jobs],
    ['Servers up to date', report.servers_up_to_date],
    ['Jobs', report.jobs_total],
    ...(['up', 'grace', 'down', 'paused', 'new'] as const).map((k): [string, number] => [`Jobs ${k}`, s[k]]),
    ['Success rate, last 24 h', percent(report.success_rate_24h)],
    ['Success rate, last 7 d', percent(report.success_rate_7d)],
    ['Active alerts, critical', a.critical],
    ['Active alerts, warning', a.warning],
    ['Active alerts, info', a.info],
  ]
  const restores = restoreTestsLine(report)
  if (restores !== null) rows.push(['Restore tests', restores])
  const out = [
    '# Backwatch fleet report',
    '',
    `Generated ${utcMinute(report.generated_at)}.`,
    '',
    '| | |',
    '|---|---:|',
    ...rows.map(([label, value]) => `| ${label} | ${value} |`),
    '',
    '## Problems',
    '',
  ]
  if (report.problems.length === 0) {
    out.push('No active problems.')
  } else {
    out.push('| Severity | Type | Server | Job | Summary | Since |', '|---|---|---|---|---|---|')
    for (const p of report.problems) {
      const since = `${utcMinute(p.opened_at)}${silencedNote(p)}`
      out.push(
        `| ${p.severity} | ${p.type} | ${cell(p.server ?? '')} | ${cell(p.job ?? '')} | ${cell(p.summary)} | ${since} |`,
      )
    }
    if (report.problems_truncated) {
      out.push('', `Only the first ${report.problems.length} problems are listed.`)
    }
  }
  return `${out.join('\n')}\n`
}
