// GET /report: the fleet report (the same data as GET /api/v1/report and `backwatch report`,
// report/build-report.ts) as tables: totals, then every active problem, most severe first.
// GET /report.csv: its problems as CSV (report/render-csv.ts), downloaded as a file.
import { SEVERITIES } from '../../domain/types.js'
import { buildReport, type FleetReport, type ProblemView } from '../../report/build-report.js'
import { renderCsv } from '../../report/render-csv.js'
import { percent, subjectOf, utcMinute } from '../../report/render-text.js'
import { count } from '../components/format.js'
import { SEVERITY_TONE } from '../components/status.js'
import { timeAgo } from '../components/time.js'
import { html, type SafeHtml } from '../html.js'
import type { WebHandler } from '../web-route.js'
import { renderPage } from '../web-route.js'

const row = (label: string, value: SafeHtml | string) =>
  html`<tr><th scope="row">${label}</th><td>${value}</td></tr>`

function totals(r: FleetReport): SafeHtml {
  const s = r.jobs_by_status
  const a = r.alerts_active
  return html`<div class="table-wrap"><table class="report-totals">
<caption class="sr-only">Fleet totals</caption>
<tbody>
${row('Servers', `${count(r.servers_total)} total: ${count(r.servers_online)} online, ${count(r.servers_offline)} offline, ${count(r.servers_without_jobs)} without jobs, ${count(r.servers_up_to_date)} up to date`)}
${row('Jobs', `${count(r.jobs_total)} total: ${count(s.up)} up, ${count(s.grace)} late, ${count(s.down)} down, ${count(s.paused)} paused, ${count(s.new)} new`)}
${row('Success, 24 h', percent(r.success_rate_24h))}
${row('Success, 7 d', percent(r.success_rate_7d))}
${row('Active alerts', SEVERITIES.map((sev) => `${count(a[sev])} ${sev}`).join(', '))}
</tbody></table></div>
<p class="muted small">Success: the share of finished runs that made a backup (a run with warnings counts).</p>`
}

function problemRow(p: ProblemView, now: number): SafeHtml {
  const silenced = p.silenced_by
    ? html`<span class="chip">silenced until ${utcMinute(p.silenced_by.ends_at)}</span>`
    : ''
  return html`<tr>
<td data-label="Severity"><span class="badge ${SEVERITY_TONE[p.severity]}">${p.severity}</span></td>
<td data-label="Subject" class="strong">${subjectOf(p)}</td>
<td data-label="Type" class="mono small">${p.type}</td>
<td data-label="Summary">${p.summary} ${silenced}</td>
<td data-label="Since">${timeAgo(Date.parse(p.opened_at), now, null)}</td>
</tr>`
}

function problems(r: FleetReport, now: number): SafeHtml {
  if (r.problems.length === 0) return html`<div class="empty"><p>No active problems.</p></div>`
  return html`<div class="table-wrap"><table class="report-problems stack-rows">
<caption class="sr-only">Active problems, most severe first</caption>
<thead><tr><th scope="col">Severity</th><th scope="col">Subject</th><th scope="col">Type</th><th scope="col">Summary</th><th scope="col">Since</th></tr></thead>
<tbody>${r.problems.map((p) => problemRow(p, now))}</tbody>
</table></div>${
    r.problems_truncated
      ? html`<p class="muted small">Only the first ${count(r.problems.length)} problems are listed; the CSV and <code>GET /api/v1/alerts?status=active</code> have the same cut, the alerts API pages through all.</p>`
      : ''
  }`
}

export const reportPage: WebHandler = async (ctx, deps) => {
  const report = await buildReport(deps.store, ctx.now)
  const main = html`<div class="page-head"><h1>Report</h1>
<p class="lead">Fleet report, ${utcMinute(report.generated_at)}</p>
<a class="button" href="/report.csv" download>Download CSV</a></div>
<section aria-labelledby="totals-h"><h2 id="totals-h">Totals</h2>${totals(report)}</section>
<section aria-labelledby="problems-h"><h2 id="problems-h">Active problems (${count(report.problems.length)})</h2>${problems(report, ctx.now)}</section>`
  const down = report.jobs_by_status.down + report.servers_offline
  await renderPage(ctx, deps, { title: 'Report', nav: 'report', main, down })
}

/** `backwatch-report-<project>-<YYYY-MM-DD>.csv` */
export function reportFileName(project: string, now: number): string {
  return `backwatch-report-${project}-${new Date(now).toISOString().slice(0, 10)}.csv`
}

export const reportCsv: WebHandler = async (ctx, deps) => {
  const body = Buffer.from(renderCsv(await buildReport(deps.store, ctx.now)))
  ctx.res.writeHead(200, {
    'Content-Type': 'text/csv; charset=utf-8',
    'Content-Disposition': `attachment; filename="${reportFileName(ctx.session.project.slug, ctx.now)}"`,
    'Content-Length': body.length,
    'Cache-Control': 'no-store',
  })
  ctx.res.end(ctx.head ? undefined : body)
}
