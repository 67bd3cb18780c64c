// `backwatch heartbeat --server NAME`: tells Backwatch the server is alive (for a cron job or a
// systemd timer). Silent on success; on failure one line on stderr and exit 1. Sends the spooled
// reports of `backwatch run` first.
import { flushSpool } from '../wrapper/flush.js'
import { parseHeartbeatArgs, UsageError } from '../wrapper/run-args.js'
import { Spool } from '../wrapper/spool.js'
import { send } from '../wrapper/transport.js'
import { CliError } from './api-client.js'
import { say } from './run-command.js'

export const HEARTBEAT_HELP = `Usage: backwatch heartbeat --server NAME [--timeout DURATION] [options]

Tells Backwatch that server NAME is alive (created when unknown, expecting the next heartbeat
within 1h). Prints nothing on success; prints the reason and exits 1 when the heartbeat could
not be delivered. Reports that "backwatch run" could not deliver earlier are sent first.

Options:
  --server NAME     the server
  --timeout D       the server's heartbeat timeout (e.g. 90s, 15m, 1h, 1d): offline when no
                    heartbeat comes within D; set with this heartbeat (created or not)
  --url URL         Backwatch server (BACKWATCH_URL; default http://127.0.0.1:8080)
  --token TOKEN     API token with the ingest scope (BACKWATCH_TOKEN or BACKWATCH_API_TOKEN)
  --spool-dir DIR   spooled reports (BACKWATCH_SPOOL_DIR; default $XDG_STATE_HOME/backwatch/spool
                    or ~/.local/state/backwatch/spool)
  --request-timeout SECS  per request attempt (default 5)
  -h, --help        show this help
`

const FLUSH_BUDGET_ATTEMPTS = 3

export async function heartbeatCommand(argv: string[]): Promise<number> {
  let parsed: ReturnType<typeof parseHeartbeatArgs>
  try {
    parsed = parseHeartbeatArgs(argv)
  } catch (err) {
    if (err instanceof UsageError) throw new CliError(`heartbeat: ${err.message}`, 2)
    throw err
  }
  if (parsed.help) {
    process.stdout.write(HEARTBEAT_HELP)
    return 0
  }
  const { endpoint, timeoutMs } = parsed
  if (!endpoint.token) throw new CliError('heartbeat: no API token: pass --token or set BACKWATCH_TOKEN', 2)

  await flushSpool({
    spool: new Spool(parsed.spoolDir, say),
    api: { base: endpoint.base, token: endpoint.token },
    timeoutMs,
    signal: AbortSignal.timeout(FLUSH_BUDGET_ATTEMPTS * timeoutMs),
    notice: say,
  }).catch((err: unknown) => say(`spool: ${(err as Error).message}`))

  const res = await send(
    {
      url: `${endpoint.base}/api/v1/servers/${encodeURIComponent(parsed.server)}/heartbeat`,
      method: 'POST',
      contentType: 'application/json',
      body: Buffer.from(
        JSON.stringify(
          parsed.heartbeatTimeout === null ? {} : { heartbeat_timeout: parsed.heartbeatTimeout },
        ),
      ),
      token: endpoint.token,
    },
    { attempts: 2, timeoutMs, backoffMs: [500] },
  )
  if (res.ok) return 0
  say(`heartbeat for ${parsed.server} not delivered to ${endpoint.base}: ${res.message}`)
  return 1
}
