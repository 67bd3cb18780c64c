// GET /jobs: every job of the project, worst first, 50 a page, filtered by status, environment,
// tag, server and a search, all in the query string. The rows refresh in place every few seconds
// (GET /live/job-rows, jobs-rows.ts): a row changes, the order the user sees does not.
import { JOB_STATUSES } from '../../domain/types.js'
import type { JobFacets } from '../../store/roles/job-store.js'
import { jobRow, jobRows } from '../components/job-row.js'
import { html, type SafeHtml } from '../html.js'
import type { WebContext, WebHandler } from '../web-route.js'
import { renderPage } from '../web-route.js'
import { type JobsQuery, jobFilterOf, jobsHref, parseJobsQuery } from './jobs-filter.js'

export const JOBS_PAGE_SIZE = 50

function select(name: string, label: string, values: readonly string[], current: string | undefined) {
  const options = values.map(
    (v) => html`<option value="${v}" ${v === current ? 'selected' : ''}>${v}</option>`,
  )
  return html`<div class="field"><label for="f-${name}">${label}</label>
<select id="f-${name}" name="${name}" data-autosubmit><option value="">All</option>${options}</select></div>`
}

function filters(q: JobsQuery, facets: JobFacets, servers: string[]): SafeHtml {
  const active = q.status || q.env || q.tag || q.server || q.q
  return html`<form class="filters" method="get" action="/jobs" role="search" aria-label="Filter jobs">
<div class="field grow"><label for="f-q">Search</label>
<input id="f-q" name="q" type="search" value="${q.q ?? ''}" placeholder="Job, slug or server"></div>
${select('status', 'Status', JOB_STATUSES, q.status)}
${select('env', 'Environment', facets.environments, q.env)}
${select('tag', 'Tag', facets.tags, q.tag)}
${select('server', 'Server', servers, q.server)}
<div class="field actions"><button type="submit" class="button">Filter</button>${
    active ? html`<a class="button ghost" href="/jobs">Clear</a>` : ''
  }</div>
</form>`
}

function table(rows: SafeHtml[], ids: number[]): SafeHtml {
  return html`<div class="table-wrap"><table class="jobs">
<caption class="sr-only">Jobs, worst first</caption>
<thead><tr><th scope="col">Status</th><th scope="col">Job</th><th scope="col">Server</th><th scope="col">Schedule</th><th scope="col">Last success</th><th scope="col" class="num">Duration</th><th scope="col" class="num">Size</th></tr></thead>
<tbody data-live="/live/job-rows?ids=${ids.join(',')}">${rows}</tbody>
</table></div>`
}

function pager(q: JobsQuery, next: string | null): SafeHtml {
  if (!q.cursor && !next) return html``
  return html`<nav class="pager" aria-label="Pages">${
    q.cursor
      ? html`<a class="button ghost" href="${jobsHref(q, { cursor: undefined })}">← First page</a>`
      : ''
  }${next ? html`<a class="button ghost" href="${jobsHref(q, { cursor: next })}">Next ${JOBS_PAGE_SIZE} →</a>` : ''}</nav>`
}

function empty(q: JobsQuery): SafeHtml {
  const filtered = q.status || q.env || q.tag || q.server || q.q
  return filtered
    ? html`<div class="empty"><p>No job matches these filters.</p><p><a href="/jobs">Show every job</a></p></div>`
    : html`<div class="empty"><p>No jobs yet.</p><p class="muted">Add jobs in the config file or with <code>POST /api/v1/jobs</code>; a job reporting by slug is created on its first run.</p></div>`
}

export const jobsPage: WebHandler = async (ctx: WebContext, deps) => {
  const q = parseJobsQuery(ctx.url)
  const { store } = deps
  const filter = await jobFilterOf(store, q)
  const [page, facets, servers] = await Promise.all([
    store.listJobs(filter, { limit: JOBS_PAGE_SIZE, cursor: q.cursor ?? null }),
    store.jobFacets(200),
    store.listServers({ limit: 200, cursor: null }),
  ])
  const rows = (await jobRows(store, page.items)).map((r) => jobRow(r, ctx.now))
  const main = html`<div class="page-head"><h1>Jobs</h1>
<p class="lead">${page.items.length === 0 ? '' : `Worst first · ${page.items.length}${page.nextCursor ? '+' : ''} shown`}</p></div>
${filters(
  q,
  facets,
  servers.items.map((s) => s.name),
)}
${
  rows.length === 0
    ? empty(q)
    : table(
        rows,
        page.items.map((j) => j.id),
      )
}
${pager(q, page.nextCursor)}`
  await renderPage(ctx, deps, { title: 'Jobs', nav: 'jobs', main })
}
