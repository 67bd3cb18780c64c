// `backwatch jobs list|add|pause|resume` against a running server.
import { parseArgs } from 'node:util'
import { apiRequest, CliError, clientOptions } from './api-client.js'

export const JOBS_HELP = `Usage: backwatch jobs <list|add|pause|resume> [options]

  backwatch jobs list [--json]
  backwatch jobs add SLUG [--name N] [--every 1d | --cron "0 2 * * *" [--tz Europe/Berlin]]
                          [--grace 1h] [--max-duration 4h] [--server NAME] [--environment ENV]
                          [--tool borgmatic|borg|restic|resticprofile|generic] [--tag T]...
  backwatch jobs pause SLUG
  backwatch jobs resume SLUG

Common options:
  --url URL      Backwatch server (BACKWATCH_URL; default http://127.0.0.1:8080)
  --token TOKEN  API token (BACKWATCH_TOKEN or BACKWATCH_API_TOKEN)
  -h, --help     show this help
`

interface JobView {
  slug: string
  status: string
  running: boolean
  schedule: { every?: string; cron?: string; tz?: string }
  last_success_at: string | null
  next_due_at: string | null
  /** absent for a read token (ping secrets are not for the read scope) */
  ping_url?: string
  unique_key: string
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)))
  return rows
    .map((r) =>
      r
        .map((c, i) => c.padEnd(widths[i]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n')
}

function scheduleText(s: JobView['schedule']): string {
  return s.every ? `every ${s.every}` : `${s.cron} ${s.tz ?? ''}`.trim()
}

export async function jobsCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      url: { type: 'string' },
      token: { type: 'string' },
      json: { type: 'boolean' },
      name: { type: 'string' },
      every: { type: 'string' },
      cron: { type: 'string' },
      tz: { type: 'string' },
      grace: { type: 'string' },
      'max-duration': { type: 'string' },
      server: { type: 'string' },
      environment: { type: 'string' },
      tool: { type: 'string' },
      tag: { type: 'string', multiple: true },
      help: { type: 'boolean', short: 'h' },
    },
  })
  const [action, slug] = positionals
  if (values.help || !action) {
    process.stdout.write(JOBS_HELP)
    return values.help ? 0 : 2
  }
  const opts = clientOptions(values)
  switch (action) {
    case 'list': {
      const jobs: JobView[] = []
      let cursor: string | null = null
      do {
        const page: { items: JobView[]; next_cursor: string | null } = await apiRequest(
          opts,
          'GET',
          `/jobs?limit=500${cursor ? `&cursor=${cursor}` : ''}`,
        )
        jobs.push(...page.items)
        cursor = page.next_cursor
      } while (cursor)
      if (values.json) {
        process.stdout.write(`${JSON.stringify(jobs, null, 2)}\n`)
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
          j.last_success_at ?? '-',
          j.next_due_at ?? '-',
          (pingUrls ? j.ping_url : j.unique_key) ?? '-',
        ])
      }
      process.stdout.write(jobs.length === 0 ? 'no jobs\n' : `${table(rows)}\n`)
      return 0
    }
    case 'add': {
      if (!slug) throw new CliError('jobs add: SLUG is required', 2)
      if (values.every && values.cron) throw new CliError('jobs add: use either --every or --cron', 2)
      const body: Record<string, unknown> = { slug }
      if (values.name) body.name = values.name
      if (values.every) body.schedule = { every: values.every }
      if (values.cron) body.schedule = { cron: values.cron, tz: values.tz ?? 'UTC' }
      if (values.grace) body.grace = values.grace
      if (values['max-duration']) body.max_duration = values['max-duration']
      if (values.server) body.server = values.server
      if (values.environment) body.environment = values.environment
      if (values.tool) body.tool = values.tool
      if (values.tag) body.tags = values.tag
      const job = await apiRequest<JobView>(opts, 'POST', '/jobs', body)
      process.stdout.write(
        `created job ${job.slug} (${scheduleText(job.schedule)})\nping URL: ${job.ping_url}\n`,
      )
      return 0
    }
    case 'pause':
    case 'resume': {
      if (!slug) throw new CliError(`jobs ${action}: SLUG is required`, 2)
      const job = await apiRequest<JobView>(opts, 'POST', `/jobs/${encodeURIComponent(slug)}/${action}`)
      process.stdout.write(`${job.slug}: ${job.status}\n`)
      return 0
    }
    default:
      throw new CliError(`jobs: unknown action "${action}" (expected list, add, pause or resume)`, 2)
  }
}
