// `backwatch jobs show SLUG`: one job with every setting, times exact in its zone and relative.
import type { JobView } from '../api/present-job.js'
import type { Out } from './cli-output.js'
import { zoneOf } from './job-zone.js'

export function scheduleText(s: JobView['schedule']): string {
  return 'every' in s ? `every ${s.every}` : `${s.cron} ${s.tz}`
}

function lastRunText(out: Out, job: JobView): string | null {
  const r = job.last_run
  if (r === null) return null
  const status = r.failure_kind ? `${r.status} (${r.failure_kind})` : r.status
  const at = r.finished_at ?? r.started_at
  return `${r.id}: ${out.word(status)}${at === null ? '' : `, ${out.ago(at)}`}${r.error ? ` — ${r.error}` : ''}`
}

export function showJob(out: Out, job: JobView): string {
  const zone = zoneOf(job)
  const status = [job.status, job.running && 'running', job.paused && job.status !== 'paused' && 'paused']
    .filter(Boolean)
    .join(', ')
  return out.fields([
    ['job', job.name && job.name !== job.slug ? `${job.slug} (${job.name})` : job.slug],
    ['status', out.word(status)],
    ['server', job.server],
    ['environment', job.environment],
    ['tags', job.tags.length ? job.tags.join(', ') : null],
    ['tool', job.tool],
    ['schedule', scheduleText(job.schedule)],
    ['grace', job.grace],
    ['max duration', job.max_duration],
    ['max age', job.effective_policy.max_age ?? 'not checked'],
    ['warning exit codes', job.warning_exit_codes.length ? job.warning_exit_codes.join(', ') : null],
    ['last success', job.last_success_at === null ? 'never' : out.when(job.last_success_at, zone)],
    ['next due', job.next_due_at === null ? null : out.when(job.next_due_at, zone)],
    ['last run', lastRunText(out, job)],
    ['ping URL', job.ping_url ?? null],
    ['key', job.ping_url === undefined ? job.unique_key : null],
    ['created', out.when(job.created_at, zone)],
  ])
}
