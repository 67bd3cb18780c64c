// `backwatch report`: the fleet report of a running server (GET /api/v1/report) as text,
// Markdown, CSV or JSON; `--fail-on` makes it a check for cron or CI.
import { parseArgs } from 'node:util'
import { SEVERITIES, type Severity } from '../domain/types.js'
import type { FleetReport } from '../report/build-report.js'
import { renderCsv } from '../report/render-csv.js'
import { renderMarkdown } from '../report/render-markdown.js'
import { renderText } from '../report/render-text.js'
import { apiRequest, CliError, clientOptions } from './api-client.js'

export const REPORT_HELP = `Usage: backwatch report [--format text|markdown|csv|json] [--json] [--fail-on SEVERITY]

Prints the fleet report: servers online, offline, without jobs and up to date, jobs by status,
success rates over 24 h and 7 d, active alerts, and the problems, most severe first.

Options:
  --format F          text (default): totals, then one line per problem
                      markdown: a summary table and a problems table
                      csv: the problems only, one row each (severity,type,server,job,summary,opened_at)
                      json: the API's JSON (also --json)
  --fail-on SEVERITY  exit 1 when an alert of SEVERITY or worse is active: critical, warning or info
  --url URL           Backwatch server (BACKWATCH_URL; default http://127.0.0.1:8080)
  --token TOKEN       API token with the read scope (BACKWATCH_TOKEN or BACKWATCH_API_TOKEN)
  -h, --help          show this help

Exit status: 0; 1 when --fail-on finds alerts or the server cannot be asked; 2 for a usage error.
`

const FORMATS = ['text', 'markdown', 'csv', 'json'] as const
type Format = (typeof FORMATS)[number]

const RENDER: Record<Format, (r: FleetReport) => string> = {
  text: renderText,
  markdown: renderMarkdown,
  csv: renderCsv,
  json: (r) => `${JSON.stringify(r, null, 2)}\n`,
}

function oneOf<T extends string>(flag: string, value: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T
  throw new CliError(`report: --${flag} must be one of ${allowed.join(', ')}, got "${value}"`, 2)
}

/** Active alerts at `severity` or worse. */
export function alertsAtLeast(report: FleetReport, severity: Severity): number {
  return SEVERITIES.slice(0, SEVERITIES.indexOf(severity) + 1).reduce(
    (n, s) => n + (report.alerts_active[s] ?? 0),
    0,
  )
}

export async function reportCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      url: { type: 'string' },
      token: { type: 'string' },
      json: { type: 'boolean' },
      format: { type: 'string' },
      'fail-on': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    allowPositionals: true,
  })
  if (values.help) {
    process.stdout.write(REPORT_HELP)
    return 0
  }
  if (positionals.length > 0) throw new CliError(`report: unexpected argument "${positionals[0]}"`, 2)
  let format: Format = values.format === undefined ? 'text' : oneOf('format', values.format, FORMATS)
  if (values.json) {
    if (values.format !== undefined && format !== 'json') {
      throw new CliError('report: use either --json or --format', 2)
    }
    format = 'json'
  }
  const failOn = values['fail-on'] === undefined ? null : oneOf('fail-on', values['fail-on'], SEVERITIES)

  const report = await apiRequest<FleetReport>(clientOptions(values), 'GET', '/report')
  process.stdout.write(RENDER[format](report))
  if (format === 'csv' && report.problems_truncated) {
    process.stderr.write(`backwatch: only the first ${report.problems.length} problems are listed\n`)
  }
  return failOn !== null && alertsAtLeast(report, failOn) > 0 ? 1 : 0
}
