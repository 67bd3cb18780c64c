// GET /alerts/:id: one alert (severity, what happened, its subject, when it opened and resolved,
// the silence holding it back) and its notification history: each delivery per channel with its
// status, attempts, last error and the receiver's answer, cleaned of the channel's secrets as the
// API cleans them. POST /alerts/:id/resolve (operate): the API's use case (app/alerts); resolving
// a resolved alert shows the page again saying so (409).
import { findAlert, resolveAlert } from '../../app/alerts/resolve-alert.js'
import { can } from '../../domain/access.js'
import type { DeliveryRecord } from '../../domain/delivery-records.js'
import type { AlertRecord } from '../../domain/records.js'
import { HttpError } from '../../http/http-error.js'
import { silencedAlerts } from '../../notify/alert-silences.js'
import { channelTextRedactor } from '../../notify/channel-text.js'
import type { Redactor } from '../../notify/redact-text.js'
import { alertSubject, resolveButton, severityBadge, silencedChip } from '../components/alert-parts.js'
import { redirectAfterForm } from '../components/form-action.js'
import { timeAgo } from '../components/time.js'
import { html, type SafeHtml } from '../html.js'
import type { WebDeps } from '../web-deps.js'
import { sameSitePath } from '../web-respond.js'
import type { WebContext, WebHandler } from '../web-route.js'
import { renderPage } from '../web-route.js'

const DELIVERY_TONE: Record<string, string> = {
  sent: 'ok',
  failed: 'bad',
  pending: 'warn',
  sending: 'warn',
  suppressed: 'idle',
}

function deliveryRow(
  d: DeliveryRecord,
  now: number,
  redact: (d: DeliveryRecord, t: string | null) => string | null,
) {
  const error = redact(d, d.lastError)
  const answer = redact(d, d.detail)
  const when =
    d.sentAt !== null
      ? html`sent ${timeAgo(d.sentAt, now, null)}`
      : d.status === 'pending'
        ? html`next try ${timeAgo(d.nextAttemptAt, now, null)}`
        : html`${timeAgo(d.createdAt, now, null)}`
  return html`<tr>
<td data-label="Channel"><div class="v strong">${d.channel}</div></td>
<td data-label="Notification"><div class="v">${d.transition}</div></td>
<td data-label="Status"><div class="v"><span class="badge ${DELIVERY_TONE[d.status] ?? 'idle'}">${d.status}</span></div></td>
<td data-label="Attempts" class="num"><div class="v">${d.attempts}</div></td>
<td data-label="When"><div class="v">${when}</div></td>
<td data-label="Last error / answer"><div class="v">${
    error
      ? html`<span class="text-bad break">${error}</span>`
      : answer
        ? html`<span class="muted break">${answer}</span>`
        : html`<span class="muted">—</span>`
  }</div></td>
</tr>`
}

function history(
  deliveries: DeliveryRecord[],
  now: number,
  redact: (d: DeliveryRecord, t: string | null) => string | null,
) {
  if (deliveries.length === 0)
    return html`<p class="muted">No notification was recorded: no channel's routing matches this alert.</p>`
  return html`<div class="table-wrap"><table class="cards deliveries">
<caption class="sr-only">Notifications of this alert, oldest first</caption>
<thead><tr><th scope="col">Channel</th><th scope="col">Notification</th><th scope="col">Status</th><th scope="col" class="num">Attempts</th><th scope="col">When</th><th scope="col">Last error / answer</th></tr></thead>
<tbody>${deliveries.map((d) => deliveryRow(d, now, redact))}</tbody></table></div>`
}

function facts(a: AlertRecord, now: number): SafeHtml {
  return html`<dl class="fact-grid">
<div><dt>Subject</dt><dd>${alertSubject(a)}</dd></div>
<div><dt>Kind</dt><dd class="mono">${a.type}</dd></div>
<div><dt>Opened</dt><dd>${timeAgo(a.openedAt, now, null)}</dd></div>
<div><dt>Resolved</dt><dd>${a.resolvedAt === null ? html`<span class="muted">still active</span>` : timeAgo(a.resolvedAt, now, null)}</dd></div>
</dl>`
}

async function showAlert(
  ctx: WebContext,
  deps: WebDeps,
  alert: AlertRecord,
  error?: HttpError,
): Promise<void> {
  const { store } = deps
  const [deliveries, silenced] = await Promise.all([
    store.deliveriesForAlert(alert.id),
    silencedAlerts(store, [alert], ctx.now),
  ])
  const redactors = new Map<string, Redactor>()
  const redact = (d: DeliveryRecord, text: string | null) => {
    if (text === null) return null
    let r = redactors.get(d.channel)
    if (!r) {
      r = channelTextRedactor(deps.channelRegistry.find(ctx.session.project.id, d.channel))
      redactors.set(d.channel, r)
    }
    return r(text)
  }
  const operate = alert.status === 'active' && can(ctx.principal, 'operate')
  const main = html`<p class="crumbs"><a href="/alerts">← Alerts</a></p>
<div class="page-head"><h1>Alert ${alert.id}</h1>
<p class="lead">${severityBadge(alert)} <span class="badge ${alert.status === 'active' ? 'warn' : 'ok'}">${alert.status}</span>${silencedChip(silenced.get(alert.id))}</p></div>
${error ? html`<p class="alert bad" role="alert">${error.message}</p>` : ''}
<section class="panel" aria-labelledby="summary-h"><h2 id="summary-h">What happened</h2>
<p>${alert.summary}</p>
${facts(alert, ctx.now)}
${operate ? resolveButton(ctx, alert, `/alerts/${alert.id}`) : ''}</section>
<section class="panel" aria-labelledby="history-h"><h2 id="history-h">Notifications</h2>
${history(deliveries, ctx.now, redact)}</section>`
  await renderPage(ctx, deps, {
    title: `Alert ${alert.id}`,
    nav: 'alerts',
    main,
    ...(error && { status: error.status }),
  })
}

export const alertPage: WebHandler = async (ctx, deps) => {
  await showAlert(ctx, deps, await findAlert(deps.store, ctx.params.id!))
}

export const resolveAlertForm: WebHandler = async (ctx, deps) => {
  const alert = await findAlert(deps.store, ctx.params.id!)
  try {
    await resolveAlert(deps.store, alert, ctx.audit, ctx.now)
  } catch (err) {
    if (err instanceof HttpError && err.status === 409) {
      return showAlert(ctx, deps, (await deps.store.getAlert(alert.id)) ?? alert, err)
    }
    throw err
  }
  redirectAfterForm(ctx, sameSitePath(ctx.form.get('next') ?? `/alerts/${alert.id}`))
}
