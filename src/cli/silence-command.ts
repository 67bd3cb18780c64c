// `backwatch silence add|list|expire`: hold notifications back during maintenance, from a shell.
import { hostname, userInfo } from 'node:os'
import { parseArgs } from 'node:util'
import { apiRequest, CliError, clientOptions } from './api-client.js'
import { usageMistake } from './cli-flags.js'

const printJson = (value: unknown) => process.stdout.write(`${JSON.stringify(value, null, 2)}\n`)

const HELP = `Usage: backwatch silence add MATCHERS (--duration D | --until TIME) [--starts TIME]
                             [--comment TEXT] [--author NAME] [--name NAME]
       backwatch silence list [--all]
       backwatch silence expire ID|NAME

add     silences the alerts matching every given matcher (each may repeat):
          --server NAME  --job SLUG  --environment ENV  --tag TAG  --type TYPE
        e.g. backwatch silence add --server nas --duration 4h --comment "disk swap"
list    the silences in force or to come (--all: the ended ones too)
expire  ends a silence now; alerts it held back that are still active are sent

--json  the API's JSON (add: the silence; list: the silences; expire: {"ended": ID|NAME})
--url / BACKWATCH_URL, --token / BACKWATCH_TOKEN (add and expire need the admin scope)
`

interface SilenceItem {
  id: number
  name: string | null
  match: Record<string, string[]>
  starts_at: string
  ends_at: string
  state: string
  author: string | null
  comment: string | null
}

const MATCHERS = {
  server: 'servers',
  job: 'jobs',
  environment: 'environment',
  tag: 'tags',
  type: 'types',
} as const

function parse(argv: string[]) {
  const list = { type: 'string', multiple: true } as const
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      server: list,
      job: list,
      environment: list,
      tag: list,
      type: list,
      duration: { type: 'string' },
      until: { type: 'string' },
      starts: { type: 'string' },
      comment: { type: 'string' },
      author: { type: 'string' },
      name: { type: 'string' },
      all: { type: 'boolean' },
      json: { type: 'boolean' },
      url: { type: 'string' },
      token: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  })
}

function describe(s: SilenceItem): string {
  const match = Object.entries(s.match)
    .map(([k, v]) => `${k}=${v.join(',')}`)
    .join(' ')
  const who = [s.author, s.comment].filter(Boolean).join(': ')
  const label = s.name ? `${s.id} (${s.name})` : String(s.id)
  return `${label.padEnd(8)} ${s.state.padEnd(8)} ${s.starts_at} → ${s.ends_at}  ${match}${who ? `  — ${who}` : ''}`
}

function defaultAuthor(): string {
  try {
    return `${userInfo().username}@${hostname()}`
  } catch {
    return hostname()
  }
}

export async function silenceCommand(argv: string[]): Promise<number> {
  let parsed: ReturnType<typeof parse>
  try {
    parsed = parse(argv)
  } catch (err) {
    throw new CliError(usageMistake({ command: 'silence' }, err as Error), 2)
  }
  const { values, positionals } = parsed
  if (values.help) {
    process.stdout.write(HELP)
    return 0
  }
  const opts = clientOptions({ url: values.url, token: values.token })
  const [action, ref] = positionals
  if (action === 'add') {
    const match: Record<string, string[]> = {}
    for (const [flag, key] of Object.entries(MATCHERS)) {
      const v = values[flag as keyof typeof MATCHERS]
      if (v?.length) match[key] = v
    }
    if (Object.keys(match).length === 0)
      throw new CliError(`silence add: give at least one matcher (--server, --job, …)\n\n${HELP}`, 2)
    const s = await apiRequest<SilenceItem>(opts, 'POST', '/silences', {
      match,
      ...(values.duration !== undefined && { duration: values.duration }),
      ...(values.until !== undefined && { ends_at: values.until }),
      ...(values.starts !== undefined && { starts_at: values.starts }),
      ...(values.comment !== undefined && { comment: values.comment }),
      ...(values.name !== undefined && { name: values.name }),
      author: values.author ?? defaultAuthor(),
    })
    if (values.json) printJson(s)
    else process.stdout.write(`silence ${s.id} ${s.state} until ${s.ends_at}\n`)
    return 0
  }
  if (action === 'list') {
    const items: SilenceItem[] = []
    for (const path of values.all ? ['/silences'] : ['/silences?state=active', '/silences?state=pending']) {
      let cursor: string | null = null
      do {
        const sep = path.includes('?') ? '&' : '?'
        const page: { items: SilenceItem[]; next_cursor: string | null } = await apiRequest(
          opts,
          'GET',
          `${path}${sep}limit=500${cursor ? `&cursor=${cursor}` : ''}`,
        )
        items.push(...page.items)
        cursor = page.next_cursor
      } while (cursor)
    }
    if (values.json) printJson(items)
    else if (items.length === 0) process.stdout.write('no silences\n')
    else for (const s of items) process.stdout.write(`${describe(s)}\n`)
    return 0
  }
  if (action === 'expire' && ref) {
    await apiRequest(opts, 'DELETE', `/silences/${encodeURIComponent(ref)}`)
    if (values.json) printJson({ ended: ref })
    else process.stdout.write(`silence ${ref} ended\n`)
    return 0
  }
  throw new CliError(`silence: expected "add", "list" or "expire ID"\n\n${HELP}`, 2)
}
