// One row of the Jobs table: status, job, server, schedule and next due, last success against
// max_age, last duration and size. Each cell names its column for the phone layout (cards).
import type { JobRecord, RunRecord } from '../../domain/records.js'
import { nextExpectedAt } from '../../domain/schedule.js'
import type { RunStore } from '../../store/roles/run-store.js'
import { html, type SafeHtml } from '../html.js'
import { bytes, span } from './format.js'
import { scheduleWords, scheduleZone } from './schedule-words.js'
import { badge, jobStatusView } from './status.js'
import { timeAgo } from './time.js'

export interface JobRowData {
  job: JobRecord
  lastRun: RunRecord | null
}

const none = html`<span class="muted">—</span>`

function nextDue(job: JobRecord, now: number, zone: string): SafeHtml {
  if (job.paused) return html`<span class="muted">paused</span>`
  if (job.lastPingAt === null) return html`<span class="muted">after its first run</span>`
  const at = nextExpectedAt(job.schedule, job.lastPingAt)
  return at === null ? html`<span class="muted">never again</span>` : html`due ${timeAgo(at, now, zone)}`
}

function lastSuccess(job: JobRecord, now: number, zone: string): SafeHtml {
  if (job.lastSuccessAt === null) return html`<span class="muted">never</span>`
  const maxAge = job.effectivePolicy.maxAge
  const over = maxAge !== null && now - job.lastSuccessAt > maxAge
  return html`<span class="${over ? 'over' : ''}">${timeAgo(job.lastSuccessAt, now, zone)}</span>${
    maxAge !== null ? html`<span class="sub">max ${span(maxAge)}</span>` : ''
  }`
}

function labels(job: JobRecord): SafeHtml {
  const items = [...(job.environment ? [job.environment] : []), ...job.tags]
  return items.length === 0
    ? html``
    : html`<span class="chips">${items.map((t) => html`<span class="chip">${t}</span>`)}</span>`
}

export function jobRow({ job, lastRun }: JobRowData, now: number): SafeHtml {
  const zone = scheduleZone(job.schedule)
  const view = jobStatusView(job)
  const run = lastRun && lastRun.status !== 'running' ? lastRun : null
  const cells: [string, SafeHtml, string?][] = [
    [
      'Status',
      html`${badge(view)}${job.runningSince !== null ? html` <span class="badge running">Running</span>` : ''}`,
    ],
    [
      'Job',
      html`<a class="strong" href="/jobs/${encodeURIComponent(job.slug)}">${job.name}</a>${
        job.name !== job.slug ? html`<span class="sub mono">${job.slug}</span>` : ''
      }${labels(job)}`,
    ],
    ['Server', job.serverName ? html`${job.serverName}` : none],
    ['Schedule', html`${scheduleWords(job.schedule)}<span class="sub">${nextDue(job, now, zone)}</span>`],
    ['Last success', lastSuccess(job, now, zone)],
    ['Duration', run?.durationMs != null ? html`${span(run.durationMs)}` : none, 'num'],
    ['Size', size(run), 'num'],
  ]
  return html`<tr data-id="${job.id}" class="row-${view.tone}">${cells.map(
    ([label, value, cls]) =>
      html`<td data-label="${label}" class="${cls ?? ''}"><div class="v">${value}</div></td>`,
  )}</tr>`
}

function size(run: RunRecord | null): SafeHtml {
  if (run?.sizeBytes == null) return none
  const added = run.addedBytes != null ? `${bytes(run.addedBytes)} added` : ''
  return html`<span title="${added}">${bytes(run.sizeBytes)}</span>${added ? html`<span class="sub">+${bytes(run.addedBytes!)}</span>` : ''}`
}

/** The rows' last runs, read in one query. */
export async function jobRows(store: RunStore, jobs: JobRecord[]): Promise<JobRowData[]> {
  const ids = jobs.flatMap((j) => (j.lastRunId === null ? [] : [j.lastRunId]))
  const runs = new Map((await store.getRuns(ids)).map((r) => [r.id, r]))
  return jobs.map((job) => ({
    job,
    lastRun: job.lastRunId === null ? null : (runs.get(job.lastRunId) ?? null),
  }))
}
