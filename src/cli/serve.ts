// `backwatch serve`: start everything in one process; SIGTERM/SIGINT stop it cleanly (exit 0).
import { parseArgs } from 'node:util'
import { firstAdminFromEnv, firstAdminProblem } from '../app/users/first-admin.js'
import { ConfigError, loadConfig } from '../config/config.js'
import { LOG_LEVELS, type LogLevel } from '../log.js'
import { LOG_FORMATS, type LogFormat, serverLogger } from '../server/server-log.js'
import { startBackwatch } from '../server/start-backwatch.js'
import { DatabaseDriverMissing } from '../store/connect.js'

export const SERVE_HELP = `Usage: backwatch serve [options]

Starts the HTTP API, ping endpoints and evaluator in one process.

Options (flag > environment > config file > default):
  --config FILE       config file (BACKWATCH_CONFIG; default ./backwatch.yaml if present)
  --listen HOST:PORT  address to bind (BACKWATCH_LISTEN; default 127.0.0.1:8080; port 0 = any free port)
  --database URL      sqlite:PATH or postgres://… (BACKWATCH_DATABASE_URL; default sqlite:./data/backwatch.db)
  --base-url URL      public URL used in ping URLs (BACKWATCH_BASE_URL; default the bound address)
  --log-format FMT    text (default) or json: one JSON object per line (BACKWATCH_LOG_FORMAT)
  --log-level LEVEL   debug, info (default), warn or error (BACKWATCH_LOG_LEVEL)
  -h, --help          show this help

BACKWATCH_API_TOKEN, when set, is a bootstrap token with the admin scope.
BACKWATCH_ADMIN_PASSWORD (and BACKWATCH_ADMIN_USER, default admin), when set and no user exists
yet, creates the first instance admin (see \`backwatch users\`).
The log goes to stderr; "backwatch listening on URL" to stdout.
`

export async function serveCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      config: { type: 'string' },
      listen: { type: 'string' },
      database: { type: 'string' },
      'base-url': { type: 'string' },
      'log-format': { type: 'string' },
      'log-level': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  })
  if (values.help) {
    process.stdout.write(SERVE_HELP)
    return 0
  }
  const logging = logSettings(values['log-format'], values['log-level'], process.env)
  if (typeof logging === 'string') {
    process.stderr.write(`backwatch: ${logging}\n`)
    return 2
  }
  let config: ReturnType<typeof loadConfig>
  try {
    config = loadConfig({
      flags: {
        ...(values.config !== undefined && { config: values.config }),
        ...(values.listen !== undefined && { listen: values.listen }),
        ...(values.database !== undefined && { database: values.database }),
        ...(values['base-url'] !== undefined && { baseUrl: values['base-url'] }),
      },
      env: process.env,
      cwd: process.cwd(),
    })
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(
        `backwatch: invalid configuration:\n${err.problems.map((p) => `  ${p}`).join('\n')}\n`,
      )
      return 2
    }
    throw err
  }
  const firstAdmin = firstAdminFromEnv(process.env)
  const adminProblem = firstAdmin && firstAdminProblem(firstAdmin)
  if (adminProblem) {
    process.stderr.write(`backwatch: ${adminProblem}\n`)
    return 2
  }
  const log = serverLogger(logging.format, logging.level)
  let app: Awaited<ReturnType<typeof startBackwatch>>
  try {
    app = await startBackwatch(config, { log, firstAdmin })
  } catch (err) {
    const problem = err instanceof DatabaseDriverMissing ? err.message : addressProblem(err, config.listen)
    if (problem === null) throw err
    process.stderr.write(`backwatch: ${problem}\n`)
    return 1
  }
  // The signal handlers come first: a supervisor (or a test) may send SIGTERM as soon as it
  // reads the listening line, and a signal without a handler kills the process outright.
  const stopped = new Promise<void>((resolve) => {
    const shutdown = (signal: string) => {
      log.info('stopping', { signal })
      app.stop().then(resolve, (err) => {
        log.error('error while stopping', { error: err })
        resolve()
      })
    }
    process.once('SIGTERM', () => shutdown('SIGTERM'))
    process.once('SIGINT', () => shutdown('SIGINT'))
  })
  process.stdout.write(`backwatch listening on ${app.url}\n`)
  if (!config.apiToken && [config, ...config.projects].every((p) => p.tokens.length === 0)) {
    log.warn('no API token configured: set BACKWATCH_API_TOKEN or tokens in the config file to use the API')
  }
  await stopped
  return 0
}

/** The log format and level from the flags, else the environment; a message when one is wrong. */
export function logSettings(
  formatFlag: string | undefined,
  levelFlag: string | undefined,
  env: NodeJS.ProcessEnv,
): { format: LogFormat; level: LogLevel } | string {
  const format = formatFlag ?? (env.BACKWATCH_LOG_FORMAT || 'text')
  const level = levelFlag ?? (env.BACKWATCH_LOG_LEVEL || 'info')
  const from = (flag: string | undefined, name: string, envName: string) =>
    flag !== undefined ? `--${name}` : envName
  if (!(LOG_FORMATS as readonly string[]).includes(format)) {
    return `${from(formatFlag, 'log-format', 'BACKWATCH_LOG_FORMAT')}: "${format}" is not one of ${LOG_FORMATS.join(', ')}`
  }
  if (!(LOG_LEVELS as readonly string[]).includes(level)) {
    return `${from(levelFlag, 'log-level', 'BACKWATCH_LOG_LEVEL')}: "${level}" is not one of ${LOG_LEVELS.join(', ')}`
  }
  return { format: format as LogFormat, level: level as LogLevel }
}

/** One line for an address that cannot be bound (in use, not allowed, not this host's), else null. */
function addressProblem(err: unknown, at: { host: string; port: number }): string | null {
  const code = err instanceof Error && 'code' in err ? String(err.code) : ''
  const where = `${at.host.includes(':') ? `[${at.host}]` : at.host}:${at.port}`
  switch (code) {
    case 'EADDRINUSE':
      return `${where} is already in use; is another backwatch running? Stop it or choose another address with --listen HOST:PORT (BACKWATCH_LISTEN)`
    case 'EACCES':
      return `${where}: permission denied; ports below 1024 need privileges: choose another with --listen HOST:PORT (BACKWATCH_LISTEN)`
    case 'EADDRNOTAVAIL':
      return `${where} is not an address of this host; choose another with --listen HOST:PORT (BACKWATCH_LISTEN)`
    default:
      return null
  }
}
