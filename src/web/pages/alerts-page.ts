// GET /alerts: the project's alerts, newest first, 50 a page: active ones by default, a tab for
// resolved ones, a severity filter, all in the query string. Each row: severity, what happened,
// its subject (linked), when it opened and resolved, the silence holding it back; its page
// (/alerts/:id) has the notification history. Operators and admins get a Resolve button.

import { can } from '../../domain/access.js'
import type { AlertRecord } from '../../domain/records.js'
import { SEVERITIES } from '../../domain/types.js'
import { type SilencedBy, silencedAlerts } from '../../notify/alert-silences.js'
import { alertSubject, resolveButton, severityBadge, silencedChip } from '../components/alert-parts.js'
import { timeAgo } from '../components/time.js'
import { html, type SafeHtml } from '../html.js'
import type { WebContext, WebHandler } from '../web-route.js'
import { renderPage } from '../web-route.js'
import { ALERT_TABS, type AlertsQuery, alertsHref, parseAlertsQuery } from './alerts-query.js'

export const ALERTS_PAGE_SIZE = 50

function tabs(q: AlertsQuery): SafeHtml {
  const items = ALERT_TABS.map(
    (t) =>
      html`<li><a href="${alertsHref(q, { status: t, cursor: undefined })}" ${t === q.status ? html`aria-current="page"` : ''}>${t === 'active' ? 'Active' : 'Resolved'}</a></li>`,
  )
  return html`<nav class="tabs" aria-label="Alert state"><ul>${items}</ul></nav>`
}

function filters(q: AlertsQuery): SafeHtml {
  const options = SEVERITIES.map(
    (s) => html`<option value="${s}" ${s === q.severity ? 'selected' : ''}>${s}</option>`,
  )
  return html`<form class="filters" method="get" action="/alerts" aria-label="Filter alerts">
${q.status !== 'active' ? html`<input type="hidden" name="status" value="${q.status}">` : ''}
<div class="field"><label for="f-severity">Severity</label>
<select id="f-severity" name="severity" data-autosubmit><option value="">All</option>${options}</select></div>
<div class="field actions"><button type="submit" class="button">Filter</button>${
    q.severity
      ? html`<a class="button ghost" href="${alertsHref(q, { severity: undefined, cursor: undefined })}">Clear</a>`
      : ''
  }</div>
</form>`
}

function row(a: AlertRecord, ctx: WebContext, silenced: SilencedBy | undefined, operate: boolean): SafeHtml {
  const cells: [string, SafeHtml][] = [
    ['Severity', severityBadge(a)],
    [
      'Alert',
      html`<a class="strong" href="/alerts/${a.id}">${a.summary}</a><span class="sub mono">${a.type}</span>${silencedChip(silenced)}`,
    ],
    ['Subject', alertSubject(a)],
    ['Opened', timeAgo(a.openedAt, ctx.now, null)],
    [
      a.status === 'active' ? 'Action' : 'Resolved',
      a.status === 'active'
        ? operate
          ? resolveButton(ctx, a, ctx.path)
          : html`<a href="/alerts/${a.id}">Notifications</a>`
        : timeAgo(a.resolvedAt!, ctx.now, null),
    ],
  ]
  return html`<tr class="row-${a.severity === 'critical' ? 'bad' : a.severity === 'warning' ? 'warn' : 'idle'}">${cells.map(
    ([label, value]) => html`<td data-label="${label}"><div class="v">${value}</div></td>`,
  )}</tr>`
}

function empty(q: AlertsQuery): SafeHtml {
  const what = `${q.severity ? `${q.severity} ` : ''}${q.status === 'active' ? 'active' : 'resolved'} alerts`
  return html`<div class="empty"><p>No ${what}.</p>${
    q.status === 'active' ? html`<p class="muted">Every job and server is as its policy wants it.</p>` : ''
  }</div>`
}

function pager(q: AlertsQuery, next: string | null): SafeHtml {
  if (!q.cursor && !next) return html``
  return html`<nav class="pager" aria-label="Pages">${
    q.cursor
      ? html`<a class="button ghost" href="${alertsHref(q, { cursor: undefined })}">← First page</a>`
      : ''
  }${next ? html`<a class="button ghost" href="${alertsHref(q, { cursor: next })}">Next ${ALERTS_PAGE_SIZE} →</a>` : ''}</nav>`
}

export const alertsPage: WebHandler = async (ctx, deps) => {
  const q = parseAlertsQuery(ctx.url)
  const { store } = deps
  const page = await store.listAlerts(
    { status: q.status, ...(q.severity && { severity: q.severity }) },
    { limit: ALERTS_PAGE_SIZE, cursor: q.cursor ?? null },
  )
  const silenced = await silencedAlerts(store, page.items, ctx.now)
  const operate = can(ctx.principal, 'operate')
  const lastHead = q.status === 'active' ? 'Action' : 'Resolved'
  const table = html`<div class="table-wrap"><table class="alerts cards">
<caption class="sr-only">${q.status === 'active' ? 'Active' : 'Resolved'} alerts, newest first</caption>
<thead><tr><th scope="col">Severity</th><th scope="col">Alert</th><th scope="col">Subject</th><th scope="col">Opened</th><th scope="col">${lastHead}</th></tr></thead>
<tbody>${page.items.map((a) => row(a, ctx, silenced.get(a.id), operate))}</tbody>
</table></div>`
  const main = html`<div class="page-head"><h1>Alerts</h1>
<p class="lead">Newest first${page.items.length ? ` · ${page.items.length}${page.nextCursor ? '+' : ''} shown` : ''}</p></div>
${tabs(q)}
${filters(q)}
${page.items.length === 0 ? empty(q) : table}
${pager(q, page.nextCursor)}`
  await renderPage(ctx, deps, { title: 'Alerts', nav: 'alerts', main })
}
