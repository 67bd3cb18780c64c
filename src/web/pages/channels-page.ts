// GET /channels: the project's notification channels (the config file's marked as such), where
// each sends (secrets never shown: the API's redacted settings) and its delivery health (last
// success, last failure and its error, deliveries waiting in the outbox, failing or not).
// Admins add and delete channels, operators send a test message: the same use cases as
// POST /api/v1/channels, DELETE /api/v1/channels/{name} and POST /api/v1/channels/{name}/test.
import {
  type ChannelView,
  createChannel,
  deleteChannel,
  listChannels,
  testChannel,
} from '../../app/channels/channel-changes.js'
import { can } from '../../domain/access.js'
import { HttpError } from '../../http/http-error.js'
import { REDACTED } from '../../notify/channel-redact.js'
import { channelTextRedactor } from '../../notify/channel-text.js'
import { csrfField, inProject, redirectAfterForm } from '../components/form-action.js'
import { timeAgo } from '../components/time.js'
import { html, type SafeHtml } from '../html.js'
import type { WebDeps } from '../web-deps.js'
import type { WebContext, WebHandler } from '../web-route.js'
import { renderPage } from '../web-route.js'
import { channelForm, channelMapFromForm } from './channel-form.js'

/** A notice above the list: a test's outcome, or a channel just added. */
interface Notice {
  ok: boolean
  text: string
}

const channelDeps = (deps: WebDeps) => ({
  store: deps.store,
  channelRegistry: deps.channelRegistry,
  now: () => deps.clock.now(),
})

/** `key: value` of the redacted settings; a secret reads "hidden", never its value. */
function settingsText(settings: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(settings).flatMap(([key, value]) => {
    if (value === null || value === undefined) return []
    if (key === 'headers' && typeof value === 'object')
      return [`${prefix}headers: ${Object.keys(value).join(', ')} (values hidden)`]
    if (typeof value === 'object' && !Array.isArray(value))
      return settingsText(value as Record<string, unknown>, `${prefix}${key}.`)
    const text = Array.isArray(value) ? value.join(', ') : String(value)
    return [`${prefix}${key}: ${text === REDACTED ? 'set (hidden)' : text}`]
  })
}

function health(c: ChannelView, now: number): SafeHtml {
  const state =
    c.error !== null
      ? html`<span class="badge bad">Unusable</span>`
      : c.failing
        ? html`<span class="badge bad">Failing</span>`
        : c.last_success_at
          ? html`<span class="badge ok">Delivering</span>`
          : html`<span class="badge idle">Not used yet</span>`
  const at = (iso: string | null) => (iso ? timeAgo(Date.parse(iso), now, null) : html`never`)
  return html`${state}
<ul class="facts">
<li>Last success: ${at(c.last_success_at)}</li>
<li>Last failure: ${at(c.last_error_at)}${c.last_error ? html`<br><span class="mono small text-bad">${c.last_error}</span>` : ''}</li>
<li>Waiting in the outbox: ${c.pending}</li>
${c.error ? html`<li class="text-bad">${c.error}</li>` : ''}
</ul>`
}

function actions(ctx: WebContext, c: ChannelView): SafeHtml {
  const path = `/channels/${encodeURIComponent(c.name)}`
  const csrf = csrfField(ctx)
  const test = can(ctx.principal, 'operate')
    ? html`<form method="post" action="${inProject(ctx, `${path}/test`)}">${csrf}<button type="submit" class="button small">Send test<span class="sr-only"> to ${c.name}</span></button></form>`
    : ''
  const comesBack =
    c.source === 'config' ? ' It is declared in the config file: it comes back at the next start.' : ''
  const del = can(ctx.principal, 'admin')
    ? html`<form method="post" action="${inProject(ctx, `${path}/delete`)}" data-confirm="Delete channel ${c.name}?${comesBack}">${csrf}<button type="submit" class="button small ghost danger">Delete<span class="sr-only"> channel ${c.name}</span></button></form>`
    : ''
  return html`<div class="row-actions">${test}${del}</div>`
}

function row(ctx: WebContext, c: ChannelView): SafeHtml {
  return html`<tr data-channel="${c.name}">
<td data-label="Channel"><span class="strong">${c.name}</span><div class="sub">${c.type}${c.source === 'config' ? html` <span class="chip" title="Declared in the config file">config file</span>` : ''}</div></td>
<td data-label="Sends to"><ul class="facts mono small">${settingsText(c.settings).map((t) => html`<li>${t}</li>`)}</ul></td>
<td data-label="Routing" class="small">${String(c.min_severity)} and above${c.send_resolved ? ', resolutions too' : ''}${c.mode === 'digest' ? html`, digest every ${String(c.digest_interval)}` : ''}</td>
<td data-label="Delivery">${health(c, ctx.now)}</td>
<td data-label="Actions">${actions(ctx, c)}</td>
</tr>`
}

function list(ctx: WebContext, channels: ChannelView[]): SafeHtml {
  if (channels.length === 0)
    return html`<div class="empty"><p>No channels yet: alerts are recorded but nobody is told.</p></div>`
  return html`<div class="table-wrap"><table class="channels stack-rows">
<caption class="sr-only">Notification channels</caption>
<thead><tr><th scope="col">Channel</th><th scope="col">Sends to</th><th scope="col">Routing</th><th scope="col">Delivery</th><th scope="col">Actions</th></tr></thead>
<tbody>${channels.map((c) => row(ctx, c))}</tbody></table></div>`
}

async function show(
  ctx: WebContext,
  deps: WebDeps,
  opts: { notice?: Notice; values?: URLSearchParams; problem?: string; status?: number } = {},
): Promise<void> {
  const channels = await listChannels(channelDeps(deps))
  const created = ctx.url.searchParams.get('created')
  const notice =
    opts.notice ??
    (created && channels.some((c) => c.name === created)
      ? { ok: true, text: `Channel ${created} added.` }
      : null)
  const main = html`<div class="page-head"><h1>Channels</h1>
<p class="lead">Where alerts are sent, and whether they arrive</p></div>
${notice ? html`<div class="alert ${notice.ok ? 'ok' : 'bad'}" role="${notice.ok ? 'status' : 'alert'}" id="notice">${notice.text}</div>` : ''}
${list(ctx, channels)}
${can(ctx.principal, 'admin') ? channelForm(ctx, opts.values ?? new URLSearchParams(), opts.problem ?? null) : ''}`
  await renderPage(ctx, deps, { title: 'Channels', nav: 'channels', main, status: opts.status ?? 200 })
}

export const channelsPage: WebHandler = (ctx, deps) => show(ctx, deps)

/** POST /channels: a refused channel re-renders the form with the message (4xx). */
export const addChannel: WebHandler = async (ctx, deps) => {
  try {
    const made = await createChannel(channelDeps(deps), ctx.audit, channelMapFromForm(ctx.form))
    redirectAfterForm(ctx, `/channels?created=${encodeURIComponent(made.name)}`)
  } catch (err) {
    if (!(err instanceof HttpError) || err.status >= 500) throw err
    await show(ctx, deps, { values: ctx.form, problem: err.message, status: err.status })
  }
}

export const removeChannel: WebHandler = async (ctx, deps) => {
  await deleteChannel(channelDeps(deps), ctx.audit, ctx.params.name!)
  redirectAfterForm(ctx, '/channels')
}

/** POST /channels/{name}/test: the page again with the receiver's answer. */
export const sendTest: WebHandler = async (ctx, deps) => {
  const name = ctx.params.name!
  const clean = channelTextRedactor(deps.channelRegistry.find(deps.store.project!, name))
  try {
    const sent = await testChannel(
      { ...channelDeps(deps), notifiers: deps.notifiers, baseUrl: deps.baseUrl },
      ctx.audit,
      name,
    )
    const answer = sent.status ? ` (HTTP ${sent.status})` : ''
    await show(ctx, deps, { notice: { ok: true, text: `Test message sent to ${name}: accepted${answer}.` } })
  } catch (err) {
    if (!(err instanceof HttpError) || err.status === 404 || err.status === 500) throw err
    await show(ctx, deps, { notice: { ok: false, text: `Test of ${name} failed: ${clean(err.message)}` } })
  }
}
