// `backwatch runs [--job SLUG] [--status S] [--limit N]` and `backwatch runs show ID`: the runs
// of a running server, newest first, and one run with all its fields and its log.
import type { presentRunWithLog, RunView } from '../api/present-run.js'
import { bytes, span } from '../domain/format.js'
import { RUN_STATUSES } from '../domain/types.js'
import { apiRequest, clientOptions, listItems } from './api-client.js'
import {
  CLIENT_FLAGS,
  type CommandSpec,
  choiceFlag,
  countFlag,
  helpText,
  parseCommand,
  usageError,
} from './cli-flags.js'
import { Out } from './cli-output.js'
import { jobZone } from './job-zone.js'

type RunWithLog = ReturnType<typeof presentRunWithLog>

export const RUNS: CommandSpec = {
  command: 'runs',
  usage: ['runs [--job SLUG] [--server NAME] [--status S] [--limit N] [--json]', 'runs show ID [--json]'],
  about: `Lists the runs, newest first (20 unless --limit says), or shows one run with every field
and its log, times in its job's zone.`,
  flags: [
    { name: 'job', arg: 'SLUG', help: "only this job's runs" },
    { name: 'server', arg: 'NAME', help: "only this server's runs" },
    { name: 'status', arg: 'S', help: `only runs with this status: ${RUN_STATUSES.join(', ')}` },
    { name: 'limit', arg: 'N', help: 'at most N runs (default 20, at most 10000)' },
    ...CLIENT_FLAGS,
  ],
}

const statusText = (r: RunView) => (r.failure_kind ? `${r.status} (${r.failure_kind})` : r.status)
const sizeText = (r: RunView) => (r.size_bytes === null ? '-' : bytes(r.size_bytes))

export async function runsCommand(argv: string[]): Promise<number> {
  const args = parseCommand(RUNS, argv)
  if (args.on('help')) {
    process.stdout.write(helpText(RUNS))
    return 0
  }
  const opts = clientOptions({ url: args.text('url'), token: args.text('token') })
  const out = Out.forStdout()
  const [action, id, ...extra] = args.positionals
  if (action === 'show') {
    if (!id || extra.length > 0) throw usageError(RUNS, 'runs show takes one run id')
    if (!/^\d+$/.test(id)) throw usageError(RUNS, `a run id is a number, got "${id}"`)
    const run = await apiRequest<RunWithLog>(opts, 'GET', `/runs/${id}`)
    if (args.on('json')) out.json(run)
    else out.print(showRun(out, run, await jobZone(opts, run.job)))
    return 0
  }
  if (action !== undefined) throw usageError(RUNS, `unexpected argument "${action}"`)
  const limit = countFlag(RUNS, 'limit', args.text('limit'), 10_000) ?? 20
  const query = new URLSearchParams()
  for (const key of ['job', 'server'] as const) {
    const value = args.text(key)
    if (value !== undefined) query.set(key, value)
  }
  const status = choiceFlag(RUNS, 'status', args.text('status'), RUN_STATUSES)
  if (status) query.set('status', status)
  const runs = await listItems<RunView>(opts, `/runs?${query}`, limit)
  if (args.on('json')) {
    out.json(runs)
    return 0
  }
  if (runs.length === 0) {
    out.print('no runs')
    return 0
  }
  const rows = [['ID', 'JOB', 'SERVER', 'KIND', 'STATUS', 'ENDED', 'DURATION', 'SIZE']]
  for (const r of runs) {
    rows.push([
      String(r.id),
      r.job,
      r.server ?? '-',
      r.kind,
      statusText(r),
      r.finished_at === null ? `started ${out.ago(r.started_at)}` : out.ago(r.finished_at),
      r.duration === null ? '-' : span(r.duration * 1000),
      sizeText(r),
    ])
  }
  out.print(out.table(rows, [4]))
  return 0
}

function count(n: number | null): string | null {
  return n === null ? null : n.toLocaleString('en-US')
}

function showRun(out: Out, r: RunWithLog, zone: string | null): string {
  const files = [
    count(r.files_total) && `${count(r.files_total)} total`,
    count(r.files_new) && `${count(r.files_new)} new`,
    count(r.files_changed) && `${count(r.files_changed)} changed`,
  ].filter(Boolean)
  const head = out.fields([
    ['run', `${r.id}  ${r.job}${r.server ? ` on ${r.server}` : ''}`],
    ['status', `${out.word(statusText(r))}${r.exit_code === null ? '' : `, exit code ${r.exit_code}`}`],
    ['kind', r.kind],
    ['started', r.started_at === null ? null : out.when(r.started_at, zone)],
    ['finished', r.finished_at === null ? 'still running' : out.when(r.finished_at, zone)],
    ['duration', r.duration === null ? null : span(r.duration * 1000)],
    ['size', r.size_bytes === null ? null : sizeText(r)],
    ['added', r.added_bytes === null ? null : bytes(r.added_bytes)],
    ['files', files.length ? files.join(', ') : null],
    ['error', r.error],
    ['source', r.source],
    ['rid', r.rid],
    ['details', r.details === null ? null : JSON.stringify(r.details)],
  ])
  if (r.log === null) return `${head}\n\nno log`
  const size = `${bytes(r.log_size)}${r.log_truncated ? ', only the end was kept' : ''}`
  return `${head}\n\nlog (${size}):\n${r.log.replace(/\n$/, '')}`
}
