// GET /runs/:id: one run of the project. Status, kind, failure kind, times, numbers, the error
// line and the log: monospace, escaped like every text (never read as HTML); a long log shows
// its last lines open and the whole of it behind a <details>.
import type { JobRecord, RunRecord } from '../../domain/records.js'
import { notFound } from '../../http/http-error.js'
import { bytes, count, exactTime, span } from '../components/format.js'
import { runStatusBadge } from '../components/run-table.js'
import { scheduleZone } from '../components/schedule-words.js'
import { html, type SafeHtml } from '../html.js'
import type { WebHandler } from '../web-route.js'
import { renderPage } from '../web-route.js'

/** lines of a long log shown open */
export const LOG_TAIL = 200

const utf8 = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true })
const none = html`<span class="muted">—</span>`

function when(at: number | null, zone: string): SafeHtml | string {
  return at === null
    ? none
    : html`<time datetime="${new Date(at).toISOString()}">${exactTime(at, zone)}</time>`
}

function numbers(run: RunRecord): [string, string][] {
  const out: [string, string][] = []
  if (run.sizeBytes !== null) out.push(['Size', bytes(run.sizeBytes)])
  if (run.addedBytes !== null) out.push(['Added', bytes(run.addedBytes)])
  if (run.filesTotal !== null) out.push(['Files', count(run.filesTotal)])
  if (run.filesNew !== null) out.push(['New files', count(run.filesNew)])
  if (run.filesChanged !== null) out.push(['Changed files', count(run.filesChanged)])
  for (const [k, v] of Object.entries(run.details ?? {})) {
    if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') {
      out.push([k.replace(/_/g, ' '), typeof v === 'number' ? count(v) : String(v)])
    }
  }
  return out
}

function logSection(run: RunRecord): SafeHtml {
  const stored = run.log ?? null
  if (stored === null && run.logSize === 0) return html`<p class="muted">This run sent no log.</p>`
  const text = utf8.decode(stored ?? new Uint8Array())
  const truncated =
    run.logSize > (stored?.length ?? 0)
      ? html`<p class="muted small">${bytes(run.logSize)} received; the first ${bytes(stored?.length ?? 0)} are kept.</p>`
      : ''
  const lines = text.replace(/\n$/, '').split('\n')
  if (lines.length <= LOG_TAIL) return html`${truncated}<pre class="log" tabindex="0">${text}</pre>`
  return html`${truncated}<details class="log-tail" open><summary>Last ${LOG_TAIL} of ${count(lines.length)} lines</summary>
<pre class="log" tabindex="0">${lines.slice(-LOG_TAIL).join('\n')}</pre></details>
<details class="log-full"><summary>Full log (${count(lines.length)} lines, ${bytes(stored?.length ?? 0)})</summary>
<pre class="log" tabindex="0">${text}</pre></details>`
}

function facts(run: RunRecord, job: JobRecord | null, zone: string): SafeHtml {
  const rows: [string, SafeHtml | string][] = [
    ['Job', job ? html`<a href="/jobs/${encodeURIComponent(job.slug)}">${job.name}</a>` : run.jobSlug],
    ['Server', run.serverName ?? none],
    ['Kind', run.kind],
    ['Failure kind', run.failureKind ?? none],
    ['Started', when(run.startedAt, zone)],
    ['Ended', when(run.finishedAt, zone)],
    ['Duration', run.durationMs === null ? none : span(run.durationMs)],
    ['Exit code', run.exitCode === null ? none : String(run.exitCode)],
    ['Reported by', run.source],
    ...numbers(run),
  ]
  return html`<dl class="facts">${rows.map(([k, v]) => html`<div><dt>${k}</dt><dd>${v}</dd></div>`)}</dl>`
}

export const runPage: WebHandler = async (ctx, deps) => {
  const ref = ctx.params.id!
  const run = /^\d{1,15}$/.test(ref) ? await deps.store.getRun(Number(ref), true) : null
  if (!run) throw notFound('run')
  const job = await deps.store.getJob({ id: run.jobId })
  const zone = job ? scheduleZone(job.schedule) : 'UTC'
  const main = html`<div class="page-head job-head"><h1>Run #${run.id}</h1>${runStatusBadge(run)}<span class="muted">${
    job?.name ?? run.jobSlug
  }</span></div>
${run.error ? html`<p class="alert bad run-error-line"><span class="sr-only">Error: </span>${run.error}</p>` : ''}
${facts(run, job, zone)}
<section class="panel" aria-labelledby="log-h"><h2 id="log-h">Log</h2>${logSection(run)}</section>`
  await renderPage(ctx, deps, { title: `Run #${run.id}`, nav: 'jobs', main })
}
