// `backwatch alerts [--active] [--severity S] [--job SLUG]`: the alerts of a running server,
// newest first.
import type { presentAlert } from '../domain/present-alert.js'
import { ALERT_TYPES, SEVERITIES } from '../domain/types.js'
import { clientOptions, listItems } from './api-client.js'
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

type AlertView = ReturnType<typeof presentAlert> & { silenced_by: unknown }

export const ALERTS: CommandSpec = {
  command: 'alerts',
  usage: ['alerts [--active] [--severity S] [--job SLUG] [--server NAME] [--type T] [--limit N] [--json]'],
  about: `Lists the alerts, newest first (50 unless --limit says): active and resolved, or only the
active ones with --active.`,
  flags: [
    { name: 'active', help: 'only the active alerts' },
    { name: 'severity', arg: 'S', help: `only this severity: ${SEVERITIES.join(', ')}` },
    { name: 'job', arg: 'SLUG', help: "only this job's alerts" },
    { name: 'server', arg: 'NAME', help: "only this server's alerts (its jobs' too)" },
    { name: 'type', arg: 'T', help: 'only this type, e.g. job.failed, server.offline' },
    { name: 'limit', arg: 'N', help: 'at most N alerts (default 50, at most 10000)' },
    ...CLIENT_FLAGS,
  ],
}

export async function alertsCommand(argv: string[]): Promise<number> {
  const args = parseCommand(ALERTS, argv)
  if (args.on('help')) {
    process.stdout.write(helpText(ALERTS))
    return 0
  }
  if (args.positionals.length > 0) throw usageError(ALERTS, `unexpected argument "${args.positionals[0]}"`)
  const query = new URLSearchParams()
  if (args.on('active')) query.set('status', 'active')
  const severity = choiceFlag(ALERTS, 'severity', args.text('severity'), SEVERITIES)
  if (severity) query.set('severity', severity)
  const type = choiceFlag(ALERTS, 'type', args.text('type'), ALERT_TYPES)
  if (type) query.set('type', type)
  for (const key of ['job', 'server']) {
    const value = args.text(key)
    if (value !== undefined) query.set(key, value)
  }
  const limit = countFlag(ALERTS, 'limit', args.text('limit'), 10_000) ?? 50
  const opts = clientOptions({ url: args.text('url'), token: args.text('token') })
  const alerts = await listItems<AlertView>(opts, `/alerts?${query}`, limit)
  const out = Out.forStdout()
  if (args.on('json')) {
    out.json(alerts)
    return 0
  }
  if (alerts.length === 0) {
    out.print(args.on('active') ? 'no active alerts' : 'no alerts')
    return 0
  }
  const rows = [['ID', 'SEVERITY', 'STATUS', 'TYPE', 'JOB', 'OPENED', 'SUMMARY']]
  for (const a of alerts) {
    const status = a.status === 'active' && a.silenced_by ? 'active (silenced)' : a.status
    const job = a.job === null ? (a.server ?? '-') : a.server ? `${a.server}/${a.job}` : a.job
    const when =
      a.resolved_at === null
        ? out.ago(a.opened_at)
        : `${out.ago(a.opened_at)}, resolved ${out.ago(a.resolved_at)}`
    rows.push([String(a.id), a.severity, status, a.type, job, when, a.summary])
  }
  out.print(out.table(rows, [1, 2]))
  return 0
}
