// `backwatch jobs list|show|add|edit|delete|pause|resume` against a running server.
import type { JobView } from '../api/present-job.js'
import { apiRequest, clientOptions, listItems } from './api-client.js'
import { helpText, type Parsed, parseCommand, usageError } from './cli-flags.js'
import { Out } from './cli-output.js'
import { deleteJob, editJob } from './jobs-edit.js'
import { scheduleText, showJob } from './jobs-show.js'
import { JOBS } from './jobs-spec.js'

const ACTIONS = ['list', 'show', 'add', 'edit', 'delete', 'pause', 'resume']

export async function jobsCommand(argv: string[]): Promise<number> {
  const args = parseCommand(JOBS, argv)
  const [action, slug, ...extra] = args.positionals
  if (args.on('help') || !action) {
    process.stdout.write(helpText(JOBS))
    return args.on('help') ? 0 : 2
  }
  if (!ACTIONS.includes(action)) {
    throw usageError(JOBS, `unknown action "${action}" (expected ${ACTIONS.join(', ')})`)
  }
  if (extra.length > 0) throw usageError(JOBS, `unexpected argument "${extra[0]}"`)
  const opts = clientOptions({ url: args.text('url'), token: args.text('token') })
  const out = Out.forStdout()
  if (action === 'list') return listJobs(opts, out, args)
  if (!slug) throw usageError(JOBS, `${action}: SLUG is required`)
  const path = `/jobs/${encodeURIComponent(slug)}`
  switch (action) {
    case 'show': {
      const job = await apiRequest<JobView>(opts, 'GET', path)
      if (args.on('json')) out.json(job)
      else out.print(showJob(out, job))
      return 0
    }
    case 'add':
      return addJob(opts, out, args, slug)
    case 'edit':
      return editJob(opts, out, args, slug)
    case 'delete':
      return deleteJob(opts, out, args, slug)
    default: {
      const job = await apiRequest<JobView>(opts, 'POST', `${path}/${action}`)
      if (args.on('json')) out.json(job)
      else out.print(`${job.slug}: ${out.word(job.status)}`)
      return 0
    }
  }
}

async function listJobs(opts: ReturnType<typeof clientOptions>, out: Out, args: Parsed): Promise<number> {
  const jobs = await listItems<JobView>(opts, '/jobs')
  if (args.on('json')) {
    out.json(jobs)
    return 0
  }
  if (jobs.length === 0) {
    out.print('no jobs')
    return 0
  }
  // a read token sees no ping URLs: the last column shows each job's unique key instead
  const pingUrls = jobs.some((j) => j.ping_url !== undefined)
  const rows = [['SLUG', 'STATUS', 'SCHEDULE', 'LAST SUCCESS', 'NEXT DUE', pingUrls ? 'PING URL' : 'KEY']]
  for (const j of jobs) {
    rows.push([
      j.slug,
      j.status + (j.running ? ' (running)' : ''),
      scheduleText(j.schedule),
      out.ago(j.last_success_at),
      out.ago(j.next_due_at),
      (pingUrls ? j.ping_url : j.unique_key) ?? '-',
    ])
  }
  out.print(out.table(rows, [1]))
  return 0
}

async function addJob(opts: ReturnType<typeof clientOptions>, out: Out, args: Parsed, slug: string) {
  const every = args.text('every')
  const cron = args.text('cron')
  if (every && cron) throw usageError(JOBS, 'add: use either --every or --cron')
  if (args.text('schedule') !== undefined || args.text('max-age') !== undefined || args.text('slug')) {
    throw usageError(JOBS, 'add: --schedule, --max-age and --slug are for jobs edit')
  }
  const body: Record<string, unknown> = { slug }
  const name = args.text('name')
  if (name) body.name = name
  if (every) body.schedule = { every }
  if (cron) body.schedule = { cron, tz: args.text('tz') ?? 'UTC' }
  for (const [flag, key] of [
    ['grace', 'grace'],
    ['max-duration', 'max_duration'],
    ['server', 'server'],
    ['environment', 'environment'],
    ['tool', 'tool'],
  ] as const) {
    const value = args.text(flag)
    if (value) body[key] = value
  }
  if (args.list('tag').length) body.tags = args.list('tag')
  const job = await apiRequest<JobView>(opts, 'POST', '/jobs', body)
  if (args.on('json')) out.json(job)
  else out.print(`created job ${job.slug} (${scheduleText(job.schedule)})\nping URL: ${job.ping_url}`)
  return 0
}
