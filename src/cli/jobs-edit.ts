// `backwatch jobs edit SLUG …` (PATCH /api/v1/jobs/SLUG with the settings given) and `backwatch
// jobs delete SLUG [--yes]` (asks on a terminal; refuses without --yes anywhere else).
import { createInterface } from 'node:readline/promises'
import type { JobView } from '../api/present-job.js'
import { isDurationText } from '../domain/duration.js'
import { apiRequest, type ClientOptions } from './api-client.js'
import { type Parsed, usageError } from './cli-flags.js'
import type { Out } from './cli-output.js'
import { JOBS } from './jobs-spec.js'

/** The PATCH body for the flags given; the job as it is fills in what a flag leaves open. */
export function editBody(args: Parsed, job: JobView): Record<string, unknown> {
  const body: Record<string, unknown> = {}
  const given = (flag: string) => args.text(flag)
  const [schedule, every, cron, tz] = ['schedule', 'every', 'cron', 'tz'].map(given)
  if ([schedule, every, cron].filter((v) => v !== undefined).length > 1) {
    throw usageError(JOBS, 'edit: give one of --schedule, --every and --cron')
  }
  const currentTz = 'tz' in job.schedule ? job.schedule.tz : null
  const asCron = (expr: string) => ({ cron: expr, tz: tz ?? currentTz ?? 'UTC' })
  if (every !== undefined || (schedule !== undefined && isDurationText(schedule))) {
    if (tz !== undefined) throw usageError(JOBS, 'edit: --tz is for a cron schedule')
    body.schedule = { every: (every ?? schedule)!.trim() }
  } else if (cron !== undefined || schedule !== undefined) {
    body.schedule = asCron((cron ?? schedule)!)
  } else if (tz !== undefined) {
    if (!('cron' in job.schedule)) {
      throw usageError(JOBS, `edit: ${job.slug} runs every ${job.schedule.every}; --tz needs a cron schedule`)
    }
    body.schedule = asCron(job.schedule.cron)
  }
  for (const [flag, key] of [
    ['name', 'name'],
    ['slug', 'slug'],
    ['grace', 'grace'],
    ['server', 'server'],
    ['environment', 'environment'],
    ['tool', 'tool'],
  ] as const) {
    const value = given(flag)
    if (value !== undefined) body[key] = value
  }
  const maxDuration = given('max-duration')
  if (maxDuration !== undefined) body.max_duration = maxDuration === 'none' ? null : maxDuration
  if (args.list('tag').length) body.tags = args.list('tag')
  const maxAge = given('max-age')
  if (maxAge !== undefined) {
    // the job's own policy override is replaced as a whole: keep its other keys
    const { max_age: _, ...rest } = (job.policy ?? {}) as Record<string, unknown>
    const policy = maxAge === 'inherit' ? rest : { ...rest, max_age: maxAge === 'none' ? null : maxAge }
    body.policy = Object.keys(policy).length ? policy : null
  }
  if (Object.keys(body).length === 0) throw usageError(JOBS, 'edit: nothing to change')
  return body
}

export async function editJob(opts: ClientOptions, out: Out, args: Parsed, slug: string): Promise<number> {
  const path = `/jobs/${encodeURIComponent(slug)}`
  const body = editBody(args, await apiRequest<JobView>(opts, 'GET', path))
  const job = await apiRequest<JobView>(opts, 'PATCH', path, body)
  if (args.on('json')) out.json(job)
  else out.print(`updated job ${job.slug}: ${Object.keys(body).join(', ')}`)
  return 0
}

async function confirmed(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stderr })
  try {
    return /^y(es)?$/i.test((await rl.question(question)).trim())
  } finally {
    rl.close()
  }
}

export async function deleteJob(opts: ClientOptions, out: Out, args: Parsed, slug: string): Promise<number> {
  if (!args.on('yes')) {
    if (!process.stdin.isTTY) {
      throw usageError(JOBS, `delete: not deleting "${slug}" without --yes (no terminal to ask)`)
    }
    const job = await apiRequest<JobView>(opts, 'GET', `/jobs/${encodeURIComponent(slug)}`)
    if (!(await confirmed(`Delete job ${job.slug} and all its runs? [y/N] `))) {
      process.stderr.write('not deleted\n')
      return 1
    }
  }
  await apiRequest(opts, 'DELETE', `/jobs/${encodeURIComponent(slug)}`)
  if (args.on('json')) out.json({ deleted: slug })
  else out.print(`deleted job ${slug}`)
  return 0
}
