// `backwatch notify test <channel>` and `backwatch notify channels`: send a clearly marked test
// message through a channel and print what the receiver answered; list channels and their health.
import { parseArgs } from 'node:util'
import { apiRequest, CliError, clientOptions } from './api-client.js'
import { usageMistake } from './cli-flags.js'

const printJson = (value: unknown) => process.stdout.write(`${JSON.stringify(value, null, 2)}\n`)

const HELP = `Usage: backwatch notify test CHANNEL [--url URL] [--token TOKEN]
       backwatch notify channels [--url URL] [--token TOKEN]

test      sends a test message through CHANNEL now and prints the receiver's answer
          (exit 1 when the receiver refused it or could not be reached)
channels  lists the channels: failing or not, last success, last error, pending deliveries
          (UNUSABLE: a stored channel that cannot be used, e.g. its environment variable is unset)

--json  the API's JSON (test: the receiver's answer; channels: the channels)
--url / BACKWATCH_URL, --token / BACKWATCH_TOKEN (test needs the admin scope)
`

interface ChannelItem {
  name: string
  type: string
  failing: boolean
  last_success_at: string | null
  last_error: string | null
  pending: number
  /** why a stored channel cannot be used (older servers: absent) */
  error?: string | null
}

export async function notifyCommand(argv: string[]): Promise<number> {
  let parsed: ReturnType<typeof parse>
  try {
    parsed = parse(argv)
  } catch (err) {
    throw new CliError(usageMistake({ command: 'notify' }, err as Error), 2)
  }
  const { values, positionals } = parsed
  if (values.help) {
    process.stdout.write(HELP)
    return 0
  }
  const opts = clientOptions({ url: values.url, token: values.token })
  const [action, channel] = positionals
  if (action === 'test' && channel) {
    const res = await apiRequest<{ status: number; detail: string }>(
      opts,
      'POST',
      `/channels/${encodeURIComponent(channel)}/test`,
    )
    if (values.json) printJson(res)
    else
      process.stdout.write(
        `sent a test message to ${channel}: the receiver answered ${res.status} ${res.detail}\n`,
      )
    return 0
  }
  if (action === 'channels') {
    const { items } = await apiRequest<{ items: ChannelItem[] }>(opts, 'GET', '/channels')
    if (values.json) {
      printJson(items)
      return 0
    }
    for (const c of items) {
      const health = c.error
        ? `UNUSABLE: ${c.error}`
        : c.failing
          ? `FAILING: ${c.last_error ?? ''}`
          : c.last_success_at
            ? `ok (last ${c.last_success_at})`
            : 'no delivery yet'
      process.stdout.write(
        `${c.name.padEnd(20)} ${c.type.padEnd(10)} ${health}${c.pending ? `, ${c.pending} pending` : ''}\n`,
      )
    }
    return 0
  }
  throw new CliError(`notify: expected "test CHANNEL" or "channels"\n\n${HELP}`, 2)
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      url: { type: 'string' },
      token: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  })
}
