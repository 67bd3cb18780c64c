// GET /jobs/:slug: one job. Its state and settings, the ping URL (for those who may see ping
// secrets), a 30-day strip, charts of its last runs, its run history (25 a page, the cursor in
// the query string), its alerts (active first) and, for operators, its actions (job-actions.ts).
import { seesPingSecrets } from '../../domain/access.js'
import type { JobRecord, RunRecord } from '../../domain/records.js'
import { nextExpectedAt } from '../../domain/schedule.js'
import { HttpError, notFound } from '../../http/http-error.js'
import { CursorError, decodeCursor } from '../../store/cursor.js'
import { alertList } from '../components/alert-list.js'
import { dayStrip, STRIP_BUCKET_MS, stripDays } from '../components/day-strip.js'
import { span } from '../components/format.js'
import { type FormState, jobActions } from '../components/job-action-forms.js'
import { runCharts } from '../components/run-charts.js'
import { runTable } from '../components/run-table.js'
import { scheduleWords, scheduleZone } from '../components/schedule-words.js'
import { jobSilences, silenceNote } from '../components/silence-note.js'
import { badge, jobStatusView } from '../components/status.js'
import { timeAgo } from '../components/time.js'
import { html, type SafeHtml } from '../html.js'
import type { WebDeps } from '../web-deps.js'
import type { WebContext, WebHandler } from '../web-route.js'
import { renderPage } from '../web-route.js'

export const RUNS_PAGE_SIZE = 25
const STRIP_DAYS = 30
const CHART_RUNS = 60
const DAY = 86_400_000

/** A refused action's form, shown again (job-actions.ts) with this status. */
export interface JobPageExtras {
  status?: number
  state?: FormState
}

export async function findJobBySlug(deps: WebDeps, slug: string): Promise<JobRecord> {
  const job = await deps.store.getJob({ slug })
  if (!job) throw notFound(`job "${slug}"`)
  return job
}

function runCursor(url: URL): string | null {
  const cursor = url.searchParams.get('cursor')
  if (!cursor) return null
  try {
    decodeCursor(cursor)
  } catch (err) {
    if (err instanceof CursorError)
      throw new HttpError(
        400,
        'invalid_request',
        'cursor: not a page of this list: start from the first page',
      )
    throw err
  }
  return cursor
}

const none = html`<span class="muted">—</span>`

function facts(job: JobRecord, now: number, zone: string, fromConfig: boolean): SafeHtml {
  const nextAt = job.paused || job.lastPingAt === null ? null : nextExpectedAt(job.schedule, job.lastPingAt)
  const maxAge = job.effectivePolicy.maxAge
  const rows: [string, SafeHtml | string][] = [
    [
      'Server',
      job.serverName
        ? html`<a href="/jobs?server=${encodeURIComponent(job.serverName)}">${job.serverName}</a>`
        : none,
    ],
    ['Schedule', html`${scheduleWords(job.schedule)} <span class="muted">· grace ${span(job.grace)}</span>`],
    [
      'Next due',
      job.paused
        ? html`<span class="muted">paused</span>`
        : nextAt === null
          ? html`<span class="muted">after its first run</span>`
          : timeAgo(nextAt, now, zone),
    ],
    ['Time zone', zone],
    [
      'Last success',
      html`${job.lastSuccessAt === null ? html`<span class="muted">never</span>` : timeAgo(job.lastSuccessAt, now, zone)}${
        maxAge !== null ? html` <span class="muted">· max age ${span(maxAge)}</span>` : ''
      }`,
    ],
    ...restoreRow(job, now, zone),
    ['Environment', job.environment ?? none],
    [
      'Tags',
      job.tags.length
        ? html`<span class="chips">${job.tags.map((t) => html`<span class="chip">${t}</span>`)}</span>`
        : none,
    ],
    ['Tool', job.tool],
    [
      'Runs',
      `${job.runCounts.succeeded} succeeded · ${job.runCounts.warning} with warnings · ${job.runCounts.failed} failed`,
    ],
    ['Defined by', fromConfig ? 'the config file' : 'the API, a ping or a report'],
  ]
  return html`<dl class="facts">${rows.map(([k, v]) => html`<div><dt>${k}</dt><dd>${v}</dd></div>`)}</dl>`
}

/** "Verified restorable 3 d ago", for a job that has passed a restore test or whose policy wants one. */
function restoreRow(job: JobRecord, now: number, zone: string): [string, SafeHtml][] {
  const maxAge = job.effectivePolicy.restoreTestMaxAge
  if (job.lastRestoreTestAt === null && maxAge === null) return []
  const limit = maxAge !== null ? html` <span class="muted">· restore test every ${span(maxAge)}</span>` : ''
  const last =
    job.lastRestoreTestAt === null
      ? html`<span class="muted">never</span>`
      : maxAge !== null && now - job.lastRestoreTestAt > maxAge
        ? html`<span class="over">${timeAgo(job.lastRestoreTestAt, now, zone)}</span>`
        : timeAgo(job.lastRestoreTestAt, now, zone)
  return [['Verified restorable', html`${last}${limit}`]]
}

function pingPanel(job: JobRecord, baseUrl: string): SafeHtml {
  const url = `${baseUrl}/ping/${job.uuid}`
  return html`<section class="panel" aria-labelledby="ping-h"><h2 id="ping-h">Ping URL</h2>
<p class="muted small">A secret: whoever knows it can report runs of this job.</p>
<div class="copy-row"><label class="sr-only" for="ping-url">Ping URL</label>
<input id="ping-url" class="mono" type="text" readonly value="${url}">
<button type="button" class="button small" data-copy="${url}">Copy</button></div></section>`
}

function pager(job: JobRecord, cursor: string | null, next: string | null): SafeHtml {
  if (!cursor && !next) return html``
  const base = `/jobs/${encodeURIComponent(job.slug)}`
  return html`<nav class="pager" aria-label="Run pages">${
    cursor ? html`<a class="button ghost" href="${base}#runs-h">← Newest runs</a>` : ''
  }${next ? html`<a class="button ghost" href="${base}?cursor=${next}#runs-h">Older ${RUNS_PAGE_SIZE} →</a>` : ''}</nav>`
}

const DONE: Record<string, string> = {
  paused: 'The job is paused: no alert until it is resumed (or pings again).',
  resumed: 'The job is resumed.',
  silenced: 'Silenced: its notifications are held back until the silence ends.',
  saved: 'The schedule is saved.',
}

export async function showJobPage(
  ctx: WebContext,
  deps: WebDeps,
  job: JobRecord,
  extras: JobPageExtras = {},
) {
  const { store } = deps
  const { now } = ctx
  const zone = scheduleZone(job.schedule)
  const cursor = runCursor(ctx.url)
  const onJob = { job: job.id }
  const first = { cursor: null }
  const [history, buckets, recent, missed, active, resolved, configJobs, silences] = await Promise.all([
    store.listRuns(onJob, { limit: RUNS_PAGE_SIZE, cursor }),
    store.countRunBuckets(job.id, now - (STRIP_DAYS + 1) * DAY, STRIP_BUCKET_MS),
    store.listRuns(onJob, { limit: CHART_RUNS, ...first }),
    store.listAlerts({ ...onJob, type: 'job.missed' }, { limit: 200, ...first }),
    store.listAlerts({ ...onJob, status: 'active' }, { limit: 20, ...first }),
    store.listAlerts({ ...onJob, status: 'resolved' }, { limit: 10, ...first }),
    store.configJobs(),
    store.listSilences({ state: 'active', now }, { limit: 200, ...first }),
  ])
  const days = stripDays(
    buckets,
    missed.items.map((a) => a.openedAt),
    now,
    zone,
    STRIP_DAYS,
  )
  const charted = recent.items.filter((r: RunRecord) => r.kind === 'backup' && r.status !== 'running')
  const view = jobStatusView(job)
  const fromConfig = configJobs.some((j) => j.id === job.id)
  const done = DONE[ctx.url.searchParams.get('done') ?? '']
  const main = html`<div class="page-head job-head"><h1>${job.name}</h1>${badge(view)}${
    job.runningSince !== null ? html`<span class="badge running">Running</span>` : ''
  }${job.name !== job.slug ? html`<span class="mono muted">${job.slug}</span>` : ''}</div>
${done ? html`<p class="alert ok" role="status">${done}</p>` : ''}
${silenceNote(jobSilences(job, silences.items), zone)}
${facts(job, now, zone, fromConfig)}
${seesPingSecrets(ctx.principal) ? pingPanel(job, deps.baseUrl) : ''}
${jobActions(ctx, job, fromConfig, extras.state ?? null)}
<section class="panel" aria-labelledby="strip-h"><h2 id="strip-h">Last ${STRIP_DAYS} days</h2>${dayStrip(days, zone)}</section>
<section class="panel" aria-labelledby="charts-h"><h2 id="charts-h">Last backups</h2>${runCharts(charted, zone)}</section>
<section class="panel" aria-labelledby="alerts-h"><h2 id="alerts-h">Alerts</h2>${alertList(active.items, resolved.items, now, zone)}</section>
<section aria-labelledby="runs-h"><h2 id="runs-h">Runs</h2>${
    history.items.length === 0 ? html`<p class="muted">No runs yet.</p>` : runTable(history.items, now, zone)
  }${pager(job, cursor, history.nextCursor)}</section>`
  await renderPage(ctx, deps, {
    title: job.name,
    nav: 'jobs',
    main,
    ...(extras.status && { status: extras.status }),
  })
}

export const jobPage: WebHandler = async (ctx, deps) => {
  await showJobPage(ctx, deps, await findJobBySlug(deps, ctx.params.slug!))
}
