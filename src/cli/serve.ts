// `backwatch serve`: start everything in one process; SIGTERM/SIGINT stop it cleanly (exit 0).
import { parseArgs } from 'node:util'
import { firstAdminFromEnv, firstAdminProblem } from '../app/users/first-admin.js'
import { ConfigError, loadConfig } from '../config/config.js'
import { stderrLogger } from '../log.js'
import { startBackwatch } from '../server/start-backwatch.js'

export const SERVE_HELP = `Usage: backwatch serve [options]

Starts the HTTP API, ping endpoints and evaluator in one process.

Options (flag > environment > config file > default):
  --config FILE       config file (BACKWATCH_CONFIG; default ./backwatch.yaml if present)
  --listen HOST:PORT  address to bind (BACKWATCH_LISTEN; default 127.0.0.1:8080; port 0 = any free port)
  --database URL      sqlite:PATH or postgres://… (BACKWATCH_DATABASE_URL; default sqlite:./data/backwatch.db)
  --base-url URL      public URL used in ping URLs (BACKWATCH_BASE_URL; default the bound address)
  -h, --help          show this help

BACKWATCH_API_TOKEN, when set, is a bootstrap token with the admin scope.
BACKWATCH_ADMIN_PASSWORD (and BACKWATCH_ADMIN_USER, default admin), when set and no user exists
yet, creates the first instance admin (see \`backwatch users\`).
BACKWATCH_LOG_LEVEL=debug adds debug lines to the log.
`

export async function serveCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      config: { type: 'string' },
      listen: { type: 'string' },
      database: { type: 'string' },
      'base-url': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  })
  if (values.help) {
    process.stdout.write(SERVE_HELP)
    return 0
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
  const log = stderrLogger(false, process.env.BACKWATCH_LOG_LEVEL === 'debug')
  const app = await startBackwatch(config, { log, firstAdmin })
  process.stdout.write(`backwatch listening on ${app.url}\n`)
  if (!config.apiToken && [config, ...config.projects].every((p) => p.tokens.length === 0)) {
    log.warn('no API token configured: set BACKWATCH_API_TOKEN or tokens in the config file to use the API')
  }
  await new Promise<void>((resolve) => {
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
  return 0
}
