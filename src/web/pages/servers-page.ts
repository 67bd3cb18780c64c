// GET /servers: every server of the project, worst first (offline, with a job down, without any
// job, the rest), 50 a page, searched by name (`q`), both in the query string. Each row: its
// status (online / offline / no heartbeat, as domain/server-status.ts judges it), last heartbeat
// ("3 min ago", the exact time as tooltip), heartbeat timeout, its jobs (linked to
// /jobs?server=NAME) and how many are down; a server without any job is flagged (coverage).
import { serverStatus } from '../../domain/server-status.js'
import { HttpError } from '../../http/http-error.js'
import { CursorError, decodeCursor } from '../../store/cursor.js'
import type { ServerHealth } from '../../store/roles/server-store.js'
import { count, span } from '../components/format.js'
import { badge, serverStatusView } from '../components/status.js'
import { timeAgo } from '../components/time.js'
import { html, type SafeHtml } from '../html.js'
import type { WebHandler } from '../web-route.js'
import { renderPage } from '../web-route.js'

export const SERVERS_PAGE_SIZE = 50

interface ServersQuery {
  q?: string
  cursor?: string
}

const bad = (name: string, message: string) => new HttpError(400, 'invalid_request', `${name}: ${message}`)

function parseQuery(url: URL): ServersQuery {
  const out: ServersQuery = {}
  const q = url.searchParams.get('q')?.trim()
  if (q) {
    if (q.length > 200 || /[\x00-\x1f]/.test(q)) throw bad('q', 'too long or holds control characters')
    out.q = q
  }
  const cursor = url.searchParams.get('cursor')?.trim()
  if (cursor) {
    try {
      decodeCursor(cursor)
    } catch (err) {
      if (err instanceof CursorError)
        throw bad('cursor', 'not a page of this list: start from the first page')
      throw err
    }
    out.cursor = cursor
  }
  return out
}

function href(q: ServersQuery, cursor?: string): string {
  const params = new URLSearchParams()
  if (q.q) params.set('q', q.q)
  if (cursor) params.set('cursor', cursor)
  const s = params.toString()
  return s ? `/servers?${s}` : '/servers'
}

function jobsCell({ server, jobsDown }: ServerHealth): SafeHtml {
  const n = server.jobsCount
  if (n === 0) return html`<span class="badge warn">No backup job</span>`
  const link = html`<a href="/jobs?server=${encodeURIComponent(server.name)}">${count(n)} ${n === 1 ? 'job' : 'jobs'}</a>`
  return jobsDown > 0
    ? html`${link}<span class="sub"><strong class="text-bad">${count(jobsDown)} down</strong></span>`
    : link
}

function row(h: ServerHealth, now: number): SafeHtml {
  const { server } = h
  const status = serverStatus(server, now)
  const labels = [...(server.environment ? [server.environment] : []), ...server.tags]
  const tone = status === 'offline' || h.jobsDown > 0 ? 'bad' : server.jobsCount === 0 ? 'warn' : 'ok'
  const cells: [string, SafeHtml][] = [
    ['Status', badge(serverStatusView(status))],
    [
      'Server',
      html`<span class="strong">${server.name}</span>${
        labels.length
          ? html`<span class="chips">${labels.map((l) => html`<span class="chip">${l}</span>`)}</span>`
          : ''
      }`,
    ],
    [
      'Last heartbeat',
      server.lastHeartbeatAt === null
        ? html`<span class="muted">never</span>`
        : html`<span class="${status === 'offline' ? 'over' : ''}">${timeAgo(server.lastHeartbeatAt, now, null)}</span>`,
    ],
    [
      'Timeout',
      server.heartbeatTimeout === null
        ? html`<span class="muted">not expected</span>`
        : html`${span(server.heartbeatTimeout)}`,
    ],
    ['Jobs', jobsCell(h)],
  ]
  return html`<tr data-id="${server.id}" class="row-${tone}">${cells.map(
    ([label, value]) => html`<td data-label="${label}"><div class="v">${value}</div></td>`,
  )}</tr>`
}

export const serversPage: WebHandler = async (ctx, deps) => {
  const q = parseQuery(ctx.url)
  const page = await deps.store.listServerHealth(
    { now: ctx.now, ...(q.q && { search: q.q }) },
    { limit: SERVERS_PAGE_SIZE, cursor: q.cursor ?? null },
  )
  const search = html`<form class="filters" method="get" action="/servers" role="search" aria-label="Search servers">
<div class="field grow"><label for="f-q">Search</label>
<input id="f-q" name="q" type="search" value="${q.q ?? ''}" placeholder="Server name"></div>
<div class="field actions"><button type="submit" class="button">Search</button>${
    q.q ? html`<a class="button ghost" href="/servers">Clear</a>` : ''
  }</div></form>`
  const table = html`<div class="table-wrap"><table class="cards servers">
<caption class="sr-only">Servers, worst first</caption>
<thead><tr><th scope="col">Status</th><th scope="col">Server</th><th scope="col">Last heartbeat</th><th scope="col">Timeout</th><th scope="col">Jobs</th></tr></thead>
<tbody>${page.items.map((h) => row(h, ctx.now))}</tbody></table></div>`
  const empty = q.q
    ? html`<div class="empty"><p>No server matches “${q.q}”.</p><p><a href="/servers">Show every server</a></p></div>`
    : html`<div class="empty"><p>No servers yet.</p><p class="muted">A server is created by its first heartbeat (<code>POST /api/v1/servers/{name}/heartbeat</code>), by a job naming it, or in the config file.</p></div>`
  const pager =
    q.cursor || page.nextCursor
      ? html`<nav class="pager" aria-label="Pages">${q.cursor ? html`<a class="button ghost" href="${href(q)}">← First page</a>` : ''}${
          page.nextCursor
            ? html`<a class="button ghost" href="${href(q, page.nextCursor)}">Next ${SERVERS_PAGE_SIZE} →</a>`
            : ''
        }</nav>`
      : ''
  const main = html`<div class="page-head"><h1>Servers</h1>
<p class="lead">${page.items.length ? `Worst first · ${page.items.length}${page.nextCursor ? '+' : ''} shown` : ''}</p></div>
${search}
${page.items.length === 0 ? empty : table}
${pager}`
  await renderPage(ctx, deps, { title: 'Servers', nav: 'servers', main })
}
