// GET /: the fleet at a glance, worst first. One sentence, counts by status, active alerts by
// severity, the fleet matrix (servers × jobs) and coverage (servers without jobs). The counts and
// alerts are the fleet report's (report/build-report.ts), read the way GET /api/v1/report does.
// Everything below the heading is a live region: GET /live/overview answers it again and app.js
// swaps it in when it changed, so a failure shows without a reload.

import type { ServerRecord } from '../../domain/records.js'
import type { JobStatus, Severity } from '../../domain/types.js'
import { SEVERITIES } from '../../domain/types.js'
import type { FleetReport } from '../../report/build-report.js'
import { buildReport } from '../../report/build-report.js'
import { fleetMatrix } from '../components/fleet-matrix.js'
import { count } from '../components/format.js'
import { badge, jobStatusView, SEVERITY_TONE } from '../components/status.js'
import { timeAgo } from '../components/time.js'
import { fleetSentence } from '../fleet-sentence.js'
import { html, joinHtml, type SafeHtml } from '../html.js'
import { sendFragment } from '../live-fragment.js'
import type { WebDeps } from '../web-deps.js'
import type { WebHandler } from '../web-route.js'
import { renderPage } from '../web-route.js'

const MATRIX_JOBS = 200
const PROBLEMS_SHOWN = 8
const UNCOVERED_SHOWN = 30

const STATUS_ORDER: JobStatus[] = ['down', 'grace', 'up', 'new', 'paused']

function statusCounts(r: FleetReport): SafeHtml {
  const cards = STATUS_ORDER.map((s) => {
    const n = r.jobs_by_status[s]
    const view = jobStatusView({ status: s, downReason: null, lastStatus: null })
    const label = s === 'down' ? 'Down' : view.label
    return html`<li><a class="stat ${n > 0 ? view.tone : 'zero'}" href="/jobs?status=${s}"><span class="stat-n">${count(n)}</span><span class="stat-label">${label}</span></a></li>`
  })
  return html`<ul class="stats" aria-label="Jobs by status">${cards}</ul>`
}

function serverCounts(r: FleetReport): SafeHtml {
  const parts = [
    html`${count(r.servers_total)} ${r.servers_total === 1 ? 'server' : 'servers'}`,
    r.servers_offline > 0
      ? html`<strong class="text-bad">${count(r.servers_offline)} offline</strong>`
      : html`none offline`,
    html`${count(r.servers_up_to_date)} fully up to date`,
    ...(r.success_rate_24h !== null
      ? [html`${(r.success_rate_24h * 100).toFixed(1)} % of runs succeeded in 24 h`]
      : []),
  ]
  return html`<p class="muted">${joinHtml(parts, ' · ')}</p>`
}

function alerts(r: FleetReport, now: number): SafeHtml {
  const bySeverity = SEVERITIES.map((s: Severity) => {
    const n = r.alerts_active[s]
    return html`<li><span class="badge ${n > 0 ? SEVERITY_TONE[s] : 'idle'}">${count(n)} ${s}</span></li>`
  })
  const items = r.problems.slice(0, PROBLEMS_SHOWN).map(
    (p) => html`<li class="problem">
<span class="badge ${SEVERITY_TONE[p.severity]}">${p.severity}</span>
<span class="problem-text">${p.summary}${p.silenced_by ? html` <span class="chip">silenced</span>` : ''}</span>
<span class="muted small">${timeAgo(Date.parse(p.opened_at), now, null)}</span></li>`,
  )
  const total = Object.values(r.alerts_active).reduce((a, b) => a + b, 0)
  return html`<section class="panel" aria-labelledby="alerts-h"><h2 id="alerts-h">Active alerts</h2>
<ul class="inline" aria-label="Active alerts by severity">${bySeverity}</ul>
${items.length ? html`<ul class="problems">${items}</ul>` : html`<p class="muted">No active alerts.</p>`}
${total > items.length ? html`<p><a href="/alerts">All ${count(total)} active alerts →</a></p>` : ''}</section>`
}

function coverage(r: FleetReport, uncovered: ServerRecord[]): SafeHtml {
  const n = r.servers_without_jobs
  return html`<section class="panel" aria-labelledby="coverage-h"><h2 id="coverage-h">Coverage</h2>
${
  n === 0
    ? html`<p class="muted">Every server has at least one backup job.</p>`
    : html`<p><strong class="text-warn">${count(n)} ${n === 1 ? 'server has' : 'servers have'} no backup job</strong></p>
<ul class="chips">${uncovered.map((s) => html`<li class="chip">${s.name}</li>`)}</ul>${
        n > uncovered.length ? html`<p class="muted small">and ${count(n - uncovered.length)} more</p>` : ''
      }`
}</section>`
}

/** the overview below its heading, and the down count for the title and favicon */
async function overviewBody(store: WebDeps['store'], now: number): Promise<{ body: SafeHtml; down: number }> {
  const [report, worst, uncovered] = await Promise.all([
    buildReport(store, now, PROBLEMS_SHOWN),
    store.listJobs({ worstFirst: true }, { limit: MATRIX_JOBS, cursor: null }),
    store.listServers({ limit: UNCOVERED_SHOWN, cursor: null }, { withoutJobs: true }),
  ])
  const sentence = fleetSentence(report)
  const body = html`<p class="sentence ${sentence.tone}" role="status">${badge({ label: sentence.tone === 'bad' ? 'Attention' : sentence.tone === 'warn' ? 'Watch' : 'OK', tone: sentence.tone })} ${sentence.text}</p>
${statusCounts(report)}
${serverCounts(report)}
<div class="grid-2">${alerts(report, now)}${coverage(report, uncovered.items)}</div>
<section class="panel" aria-labelledby="matrix-h"><h2 id="matrix-h">Fleet</h2>
${fleetMatrix(worst.items, now, worst.nextCursor !== null)}</section>`
  return { body, down: report.jobs_by_status.down + report.servers_offline }
}

export const overviewPage: WebHandler = async (ctx, deps) => {
  const { body, down } = await overviewBody(deps.store, ctx.now)
  const main = html`<div class="page-head"><h1>Overview</h1></div>
<div class="live-region" data-live-region="/live/overview">${body}</div>`
  await renderPage(ctx, deps, { title: 'Overview', nav: 'overview', main, down })
}

/** GET /live/overview: the overview's live region, for app.js */
export const overviewLive: WebHandler = async (ctx, deps) => {
  const { body, down } = await overviewBody(deps.store, ctx.now)
  sendFragment(ctx, body.toString(), down)
}
