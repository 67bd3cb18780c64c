// The `backwatch` command: dispatches to subcommands.
import { VERSION } from '../version.js'
import { CliError } from './api-client.js'
import { usageMistake } from './cli-flags.js'

// Subcommands are loaded on demand: `backwatch run` and `heartbeat` start on every backup host
// and should not load the server (database drivers, HTTP stack) to do it.

const HELP = `Usage: backwatch <command> [options]

Commands:
  serve                   start the server (HTTP API, ping endpoints, evaluator)
  check-config [FILE]     validate a config file
  jobs list|show|add|edit|delete|pause|resume   manage jobs on a running server
  runs [--job SLUG] [--status S]   recent runs; runs show ID: one run with its log
  alerts [--active]       alerts, newest first (--severity, --job, --server, --type)
  servers                 servers, their heartbeat status and jobs
  run --job SLUG -- CMD…  run a backup command and report it (exit code, output, stats)
  heartbeat --server NAME tell Backwatch a server is alive (for cron / systemd timers);
                          --timeout 1h sets when it counts as offline
  report [--format F]     fleet summary and problems (text, markdown, csv, json)
  notify test CHANNEL     send a test message through a channel; notify channels: their health
  silence add|list|expire hold notifications back during maintenance
  users add|passwd|list|remove|totp   people who sign in (on the server's database)
  audit [--since 24h]     who changed what in a project (on the server's database)
  tokens add|list|revoke  a project's API tokens (on the server's database)
  import sqlbak --token T import SqlBak's servers, jobs and runs, and keep syncing them
  version                 print the version

Run "backwatch <command> --help" or "backwatch help <command>" for a command's options.
The commands talking to a running server take --url (BACKWATCH_URL) and --token
(BACKWATCH_TOKEN), and --json for the API's JSON.
`

async function run(argv: string[]): Promise<number> {
  const [command, ...rest] = argv
  switch (command) {
    case 'serve':
      return (await import('./serve.js')).serveCommand(rest)
    case 'check-config':
      return (await import('./check-config-command.js')).checkConfigCommand(rest)
    case 'jobs':
      return (await import('./jobs-command.js')).jobsCommand(rest)
    case 'runs':
      return (await import('./runs-command.js')).runsCommand(rest)
    case 'alerts':
      return (await import('./alerts-command.js')).alertsCommand(rest)
    case 'servers':
      return (await import('./servers-command.js')).serversCommand(rest)
    case 'run':
      return (await import('./run-command.js')).runCommand(rest)
    case 'heartbeat':
      return (await import('./heartbeat-command.js')).heartbeatCommand(rest)
    case 'report':
      return (await import('./report-command.js')).reportCommand(rest)
    case 'notify':
      return (await import('./notify-command.js')).notifyCommand(rest)
    case 'silence':
      return (await import('./silence-command.js')).silenceCommand(rest)
    case 'users':
      return (await import('./users-command.js')).usersCommand(rest)
    case 'audit':
      return (await import('./audit-command.js')).auditCommand(rest)
    case 'import':
      return (await import('./import-command.js')).importCommand(rest)
    case 'tokens':
      return (await import('./tokens-command.js')).tokensCommand(rest)
    case 'version':
    case '--version':
    case '-V':
      process.stdout.write(`backwatch ${VERSION}\n`)
      return 0
    case 'help':
      // `backwatch help runs` is `backwatch runs --help`
      if (rest[0] !== undefined && rest[0] !== 'help') return run([rest[0], '--help'])
      process.stdout.write(HELP)
      return 0
    case undefined:
    case '--help':
    case '-h':
      process.stdout.write(HELP)
      return command === undefined ? 2 : 0
    default:
      process.stderr.write(`backwatch: unknown command "${command}"\n\n${HELP}`)
      return 2
  }
}

run(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code
  },
  (err: unknown) => {
    if (err instanceof CliError) {
      process.stderr.write(`backwatch: ${err.message}\n`)
      process.exitCode = err.exitCode
    } else if (err instanceof TypeError && 'code' in err && String(err.code).startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`backwatch: ${usageMistake({ command: process.argv[2] ?? '' }, err)}\n`)
      process.exitCode = 2
    } else {
      process.stderr.write(`backwatch: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`)
      process.exitCode = 1
    }
  },
)
