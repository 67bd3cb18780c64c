// `backwatch servers`: the servers of a running server's project, their heartbeat status and jobs.
import type { presentServer } from '../api/present-server.js'
import { clientOptions, listItems } from './api-client.js'
import { CLIENT_FLAGS, type CommandSpec, helpText, parseCommand, usageError } from './cli-flags.js'
import { Out } from './cli-output.js'

type ServerView = ReturnType<typeof presentServer>

export const SERVERS: CommandSpec = {
  command: 'servers',
  usage: ['servers [--json]'],
  about: `Lists the servers: online, offline or unknown (no heartbeat expected or none yet), their
heartbeat timeout and last heartbeat, environment and number of jobs.`,
  flags: CLIENT_FLAGS,
}

export async function serversCommand(argv: string[]): Promise<number> {
  const args = parseCommand(SERVERS, argv)
  if (args.on('help')) {
    process.stdout.write(helpText(SERVERS))
    return 0
  }
  if (args.positionals.length > 0) throw usageError(SERVERS, `unexpected argument "${args.positionals[0]}"`)
  const opts = clientOptions({ url: args.text('url'), token: args.text('token') })
  const servers = await listItems<ServerView>(opts, '/servers')
  const out = Out.forStdout()
  if (args.on('json')) {
    out.json(servers)
    return 0
  }
  if (servers.length === 0) {
    out.print('no servers')
    return 0
  }
  const rows = [['NAME', 'STATUS', 'LAST HEARTBEAT', 'TIMEOUT', 'ENVIRONMENT', 'JOBS', 'TAGS']]
  for (const s of servers) {
    rows.push([
      s.name,
      s.status,
      out.ago(s.last_heartbeat_at),
      s.heartbeat_timeout ?? '-',
      s.environment ?? '-',
      String(s.jobs_count),
      s.tags.join(',') || '-',
    ])
  }
  out.print(out.table(rows, [1]))
  return 0
}
