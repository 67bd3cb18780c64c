// A job's run history as a table, newest first: each run links to its page (/runs/:id).
import type { RunRecord } from '../../domain/records.js'
import { html, type SafeHtml } from '../html.js'
import { bytes, span } from './format.js'
import { badge, type StatusView } from './status.js'
import { timeAgo } from './time.js'

const RUN_STATUS: Record<RunRecord['status'], StatusView> = {
  succeeded: { label: 'Succeeded', tone: 'ok' },
  warning: { label: 'Warning', tone: 'warn' },
  failed: { label: 'Failed', tone: 'bad' },
  running: { label: 'Running', tone: 'idle' },
}

export function runStatusBadge(run: Pick<RunRecord, 'status' | 'failureKind'>): SafeHtml {
  const view = RUN_STATUS[run.status]
  return run.status === 'running'
    ? html`<span class="badge running">Running</span>`
    : html`${badge(view)}${run.failureKind ? html` <span class="chip">${run.failureKind}</span>` : ''}`
}

const none = html`<span class="muted">—</span>`

function row(run: RunRecord, now: number, zone: string): SafeHtml {
  const at = run.startedAt ?? run.finishedAt
  return html`<tr class="row-${RUN_STATUS[run.status].tone}">
<th scope="row"><a href="/runs/${run.id}">#${run.id}</a></th>
<td>${at === null ? none : timeAgo(at, now, zone)}</td>
<td>${runStatusBadge(run)}</td>
<td>${run.kind}</td>
<td class="num">${run.durationMs === null ? none : span(run.durationMs)}</td>
<td class="num">${run.sizeBytes === null ? none : bytes(run.sizeBytes)}</td>
<td class="num">${run.addedBytes === null ? none : bytes(run.addedBytes)}</td>
<td class="run-error">${run.error ?? ''}</td>
</tr>`
}

export function runTable(runs: readonly RunRecord[], now: number, zone: string): SafeHtml {
  return html`<div class="table-wrap"><table class="runs">
<caption class="sr-only">Runs, newest first</caption>
<thead><tr><th scope="col">Run</th><th scope="col">Started</th><th scope="col">Status</th><th scope="col">Kind</th><th scope="col" class="num">Duration</th><th scope="col" class="num">Size</th><th scope="col" class="num">Added</th><th scope="col">Error</th></tr></thead>
<tbody>${runs.map((r) => row(r, now, zone))}</tbody></table></div>`
}
