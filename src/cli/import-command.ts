// `backwatch import sqlbak`: pulls servers, jobs and their runs from SqlBak's REST API into the
// project of the Backwatch token, then keeps syncing every --every (or once with --once).
import { parseDuration } from '../domain/duration.js'
import { CliError, type ClientOptions, clientOptions } from './api-client.js'
import { type CommandSpec, helpText, parseCommand, usageError } from './cli-flags.js'
import { DEFAULT_SQLBAK_API, SqlBakClient } from './sqlbak/sqlbak-client.js'
import { SqlBakSync, type SyncStats } from './sqlbak/sqlbak-sync.js'

export const IMPORT: CommandSpec = {
  command: 'import',
  usage: ['import sqlbak --token SQLBAK_TOKEN [--api-url URL] [--every D | --once] [options]'],
  about: `Imports SqlBak's servers, backup jobs and job runs into the project of the Backwatch token
(scope admin), then syncs again every --every. Servers keep their SqlBak name (spaces and other
characters become "-") and are tagged sqlbak; an online one sends a heartbeat at each sync, so
one SqlBak reports offline turns offline here after --heartbeat-timeout. Jobs become
sqlbak-<id> (created once, with the retention of their destinations; edit them here after),
and each run keeps its status, times, size and, when it failed, the error line of its log.
A run is never added twice: resending one updates it.`,
  flags: [
    {
      name: 'token',
      arg: 'TOKEN',
      help: 'SqlBak API token (SQLBAK_API_TOKEN), from sqlbak.com/account/developers',
    },
    { name: 'api-url', arg: 'URL', help: `SqlBak's API (default ${DEFAULT_SQLBAK_API})` },
    {
      name: 'every',
      arg: 'D',
      help: 'sync again every D (default 5m; 1s to 1d: keep it at minutes for SqlBak)',
    },
    { name: 'once', help: 'one sync, then exit' },
    { name: 'since', arg: 'D', help: 'the first sync fetches runs started within D (default 7d)' },
    {
      name: 'schedule',
      arg: 'D',
      help: "new jobs' schedule, every D (default 1d): SqlBak's is not in its API",
    },
    { name: 'grace', arg: 'D', help: "new jobs' grace (default 6h)" },
    {
      name: 'heartbeat-timeout',
      arg: 'D',
      help: "servers' heartbeat timeout (default 3 × --every, at least 15m)",
    },
    { name: 'url', arg: 'URL', help: 'Backwatch server (BACKWATCH_URL; default http://127.0.0.1:8080)' },
    { name: 'backwatch-token', arg: 'TOKEN', help: 'Backwatch API token, scope admin (BACKWATCH_TOKEN)' },
    { name: 'help', short: 'h', help: 'show this help' },
  ],
}

function duration(
  flag: string,
  value: string | undefined,
  fallback: number,
  min: number,
  max: number,
): number {
  if (value === undefined) return fallback
  let ms: number
  try {
    ms = parseDuration(value)
  } catch {
    throw usageError(IMPORT, `--${flag} must be a duration like 30s, 5m, 1h, 1d, got "${value}"`)
  }
  if (ms < min || ms > max) throw usageError(IMPORT, `--${flag} is out of range, got "${value}"`)
  return ms
}

const SECOND = 1000
const DAY = 86_400_000

function summary(s: SyncStats): string {
  return `${s.servers} servers, ${s.jobs} jobs (${s.jobsCreated} new), ${s.runsSent} runs sent${
    s.warnings > 0 ? `, ${s.warnings} warnings` : ''
  }`
}

export async function importCommand(argv: string[]): Promise<number> {
  const args = parseCommand(IMPORT, argv)
  if (args.on('help') || argv.length === 0) {
    process.stdout.write(helpText(IMPORT))
    return argv.length === 0 ? 2 : 0
  }
  const [source, ...extra] = args.positionals
  if (source !== 'sqlbak') throw usageError(IMPORT, `unknown source "${source ?? ''}" (expected sqlbak)`)
  if (extra.length > 0) throw usageError(IMPORT, `unexpected argument "${extra[0]}"`)
  const token = args.text('token') ?? process.env.SQLBAK_API_TOKEN
  if (!token) throw usageError(IMPORT, 'no SqlBak token: pass --token or set SQLBAK_API_TOKEN')
  const apiUrl = args.text('api-url') ?? DEFAULT_SQLBAK_API
  if (!/^https?:\/\/[^/]/.test(apiUrl))
    throw usageError(IMPORT, `--api-url must be an http(s) URL, got "${apiUrl}"`)
  if (args.on('once') && args.text('every') !== undefined)
    throw usageError(IMPORT, '--once and --every exclude each other')
  const every = duration('every', args.text('every'), 5 * 60 * SECOND, SECOND, DAY)
  const since = duration('since', args.text('since'), 7 * DAY, SECOND, 366 * DAY)
  const schedule = duration('schedule', args.text('schedule'), DAY, 60 * SECOND, 366 * DAY)
  const grace = duration('grace', args.text('grace'), 6 * 3600 * SECOND, 0, 366 * DAY)
  const timeout = duration(
    'heartbeat-timeout',
    args.text('heartbeat-timeout'),
    Math.max(3 * every, 15 * 60 * SECOND),
    SECOND,
    366 * DAY,
  )
  const backwatch: ClientOptions = clientOptions({
    url: args.text('url'),
    token: args.text('backwatch-token'),
  })
  if (!backwatch.token)
    throw usageError(IMPORT, 'no Backwatch token: pass --backwatch-token or set BACKWATCH_TOKEN')

  const warn = (line: string) => process.stderr.write(`import sqlbak: ${line}\n`)
  const sync = new SqlBakSync({
    sqlbak: new SqlBakClient(apiUrl, token),
    backwatch,
    heartbeatTimeout: `${Math.round(timeout / SECOND)}s`,
    schedule: `${Math.round(schedule / SECOND)}s`,
    grace: `${Math.round(grace / SECOND)}s`,
    firstSince: Date.now() - since,
    warn,
  })
  if (args.on('once')) {
    process.stdout.write(`import sqlbak: ${summary(await sync.syncOnce())}\n`)
    return 0
  }
  let stopping = false
  let wake: () => void = () => {}
  const stop = () => {
    stopping = true
    wake()
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
  while (!stopping) {
    try {
      process.stdout.write(`import sqlbak: ${summary(await sync.syncOnce())}\n`)
    } catch (err) {
      // a failed sync (SqlBak or Backwatch unreachable) is retried at the next one, not fatal
      if (!(err instanceof CliError)) throw err
      warn(`sync failed: ${err.message}`)
    }
    if (stopping) break
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, every)
      wake = () => {
        clearTimeout(timer)
        resolve()
      }
    })
  }
  return 0
}
