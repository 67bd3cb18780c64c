// `backwatch run --job SLUG -- CMD…`: runs a backup command and reports it to Backwatch (or any
// Healthchecks-compatible ping URL). Backwatch being unreachable never blocks or fails the
// backup: short timeouts, a few retries, then the report waits in a local spool for the next
// invocation; the exit code is always the command's.
import { randomUUID } from 'node:crypto'
import { startChild } from '../wrapper/child.js'
import { detectCommand } from '../wrapper/command-hint.js'
import { flushSpool } from '../wrapper/flush.js'
import { recognize } from '../wrapper/recognize.js'
import {
  endReport,
  type Report,
  type RunIdentity,
  startReport,
  toRequest,
  toSpoolEntry,
} from '../wrapper/reports.js'
import { parseRunArgs, type RunOptions, UsageError } from '../wrapper/run-args.js'
import { Spool } from '../wrapper/spool.js'
import { type SendPolicy, send } from '../wrapper/transport.js'
import { CliError } from './api-client.js'

export const RUN_HELP = `Usage: backwatch run --job SLUG [options] -- COMMAND [ARG…]

Runs COMMAND and reports the run to Backwatch: a start, then the end with the exit code,
duration, the last 100 KB of output and the statistics of restic/borg/borgmatic JSON output
(restic backup --json, borg create --json, borgmatic create --json). The output passes through
unchanged; backwatch exits with COMMAND's exit code. When Backwatch cannot be reached the
report is kept in a local spool and sent by the next invocation (run or heartbeat).

Options:
  --job SLUG        the job (created when missing, unless --no-create)
  --url URL         Backwatch server (BACKWATCH_URL; default http://127.0.0.1:8080), or a
                    Healthchecks-style check URL …/ping/<uuid> or …/ping/<key>/<slug> (no token,
                    no --job needed; with …/ping/<key> --job SLUG gives …/ping/<key>/SLUG)
  --token TOKEN     API token with the ingest scope (BACKWATCH_TOKEN or BACKWATCH_API_TOKEN)
  --server NAME     the server the run belongs to (created when missing, with the default
                    heartbeat timeout 1h: offline when "backwatch heartbeat" stops arriving)
  --kind KIND       backup|check|prune|restore_test|other (default: from the command)
  --tool TOOL       borgmatic|borg|restic|resticprofile|generic (default: from the command)
  --no-create       do not create a missing job
  --spool-dir DIR   where undelivered reports wait (BACKWATCH_SPOOL_DIR; default
                    $XDG_STATE_HOME/backwatch/spool or ~/.local/state/backwatch/spool)
  --request-timeout SECS  per request attempt (default 5; also --timeout SECS); at most
                    3 × SECS are added after COMMAND ends
  -h, --help        show this help
`

const START_ATTEMPTS = 2
const END_ATTEMPTS = 3
const BACKOFF_MS = [500, 1000] as const
const FORWARDED_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const

export function say(message: string): void {
  try {
    process.stderr.write(`backwatch: ${message}\n`)
  } catch {
    // stderr is gone
  }
}

function parse(argv: string[]): RunOptions | null {
  try {
    const parsed = parseRunArgs(argv)
    return parsed.help ? null : parsed
  } catch (err) {
    if (err instanceof UsageError) throw new CliError(`run: ${err.message}`, 2)
    throw err
  }
}

export async function runCommand(argv: string[]): Promise<number> {
  const opts = parse(argv)
  if (!opts) {
    process.stdout.write(RUN_HELP)
    return 0
  }
  const { endpoint } = opts
  const token = endpoint.mode === 'api' ? endpoint.token : null
  const reporting = endpoint.mode === 'ping' || token !== null
  if (!reporting) say('no API token (--token or BACKWATCH_TOKEN): this run is not reported')

  const spool = new Spool(opts.spoolDir, say)
  const shutdown = new AbortController()
  const flushStop = new AbortController()
  // the spool is listed now, before this run adds anything to it
  const flushing = flushSpool({
    spool,
    api: endpoint.mode === 'api' && token ? { base: endpoint.base, token } : null,
    timeoutMs: opts.timeoutMs,
    signal: AbortSignal.any([flushStop.signal, shutdown.signal]),
    notice: say,
  }).catch((err: unknown) => say(`spool: ${(err as Error).message}`))

  const detected = detectCommand(opts.command)
  const id: RunIdentity = {
    job: opts.job,
    rid: randomUUID(),
    server: opts.server,
    kind: opts.kind ?? detected.kind,
    tool: opts.tool ?? detected.tool,
    create: opts.create,
    startedAt: Date.now(),
  }
  const child = startChild(opts.command)

  // Signals for the wrapper go to the command; once it has ended, a signal stops the reporting
  // (what is not delivered yet is spooled).
  const onSignal = (signal: NodeJS.Signals) => {
    if (child.running()) {
      try {
        child.proc.kill(signal)
      } catch {
        // gone meanwhile
      }
    } else {
      shutdown.abort()
    }
  }
  for (const s of FORWARDED_SIGNALS) process.on(s, onSignal)

  const trySpool = (report: Report): string | null => {
    try {
      return spool.add(toSpoolEntry(report))
    } catch (err) {
      say(`cannot spool the ${report.description}: ${(err as Error).message}`)
      return null
    }
  }
  const deliver = async (report: Report, policy: SendPolicy, what: 'start' | 'end') => {
    const res = await send(toRequest(report, token), policy)
    if (res.ok) return { delivered: true, refused: false, spooled: null }
    if (!res.transient) {
      say(`Backwatch refused the ${what} report: ${res.message}`)
      return { delivered: false, refused: true, spooled: null }
    }
    // A ping carries no time: a start ping sent later would start the run then. A report to the
    // API carries its started_at, so its start is kept in case the end never comes (the wrapper
    // or the machine dies); the end report makes it unnecessary.
    if (what === 'start' && report.target === 'ping') {
      say(`start ping not delivered (${res.message})`)
      return { delivered: false, refused: false, spooled: null }
    }
    const spooled = trySpool(report)
    if (spooled) say(`${what} report not delivered (${res.message}); kept in ${opts.spoolDir}`)
    return { delivered: false, refused: false, spooled }
  }

  // The start goes out while the command already runs.
  const starting = reporting
    ? deliver(
        startReport(endpoint, id),
        {
          attempts: START_ATTEMPTS,
          timeoutMs: opts.timeoutMs,
          backoffMs: BACKOFF_MS,
          signal: shutdown.signal,
        },
        'start',
      )
    : null

  const outcome = await child.done
  if (outcome.spawnError) say(outcome.spawnError)
  // From here on, everything is bounded: the end report, the start still in flight, the spool.
  const deadline = Date.now() + END_ATTEMPTS * opts.timeoutMs
  const stopFlush = setTimeout(() => flushStop.abort(), deadline - Date.now())
  try {
    const start = starting ? await starting : null
    if (start && !start.refused) {
      // the end report carries the start time too: a spooled start is not needed any more
      if (start.spooled) spool.remove(start.spooled)
      // a ping carries only the exit status and the output
      const recognized =
        outcome.spawnError || endpoint.mode === 'ping'
          ? null
          : recognize(child.stdout.text({ wholeLines: true }), child.stderr.text(), detected.hint)
      const end = endReport(endpoint, id, {
        ...outcome,
        log: child.log.bytes({ wholeChars: true }),
        stderr: child.stderr.text(),
        recognized,
      })
      await deliver(
        end,
        {
          attempts: END_ATTEMPTS,
          timeoutMs: opts.timeoutMs,
          backoffMs: BACKOFF_MS,
          deadline,
          signal: shutdown.signal,
        },
        'end',
      )
    }
    await flushing
  } finally {
    clearTimeout(stopFlush)
    for (const s of FORWARDED_SIGNALS) process.off(s, onSignal)
    child.detach()
  }
  return outcome.exitCode
}
