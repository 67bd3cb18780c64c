// `backwatch tokens add|list|revoke`: a project's API tokens, managed on the server's database
// directly like `backwatch users` (whoever may read the database may already do anything).
import { parseArgs } from 'node:util'
import { projectIdOf } from '../app/project-slugs.js'
import { createToken, listTokens, revokeToken, TokenAdminError } from '../app/tokens/token-admin.js'
import { TOKEN_SCOPES } from '../domain/access.js'
import type { Store } from '../store/store.js'
import { CliError } from './api-client.js'
import { withConfiguredStore } from './configured-store.js'
import { tokenTable } from './token-table.js'

const DATABASE = `The database is the one \`backwatch serve\` would use: --config FILE / BACKWATCH_CONFIG,
--database URL / BACKWATCH_DATABASE_URL. --project SLUG names the project (default: default).`

const HELPS: Record<string, string> = {
  add: `Usage: backwatch tokens add NAME --scope read|ingest|admin [--project SLUG]

Makes an API token. Its secret is printed on standard output, once: only its hash is kept
(TOKEN=$(backwatch tokens add ci --scope ingest) keeps it in a variable). A name is 1 to 100
letters, digits, ".", "-" or "_", not digits only, and unique in the project.
read: GET everything but the ping secrets; ingest: read, report runs and heartbeats;
admin: everything in the project.
`,
  list: `Usage: backwatch tokens list [--project SLUG] [--json]

Lists the project's tokens: name, scope, where it is defined (api, config, bootstrap), the first
characters of its secret and when it was last used. Never a secret nor a hash.
`,
  revoke: `Usage: backwatch tokens revoke NAME|ID [--project SLUG]

Deletes a token made with \`tokens add\` or the API: it stops working at once. Tokens of the
config file and the bootstrap token (BACKWATCH_API_TOKEN) are changed where they are defined.
`,
}

export const TOKENS_HELP = `Usage: backwatch tokens add NAME --scope read|ingest|admin [--project SLUG]
       backwatch tokens list [--project SLUG] [--json]
       backwatch tokens revoke NAME|ID [--project SLUG]

add      makes a token; prints its secret once
list     the project's tokens (never a secret)
revoke   deletes a token made with add or the API

${DATABASE}
Run "backwatch tokens ACTION --help" for an action's details.
`

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      scope: { type: 'string' },
      project: { type: 'string' },
      json: { type: 'boolean' },
      config: { type: 'string' },
      database: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  })
}

type Parsed = ReturnType<typeof parse>

function oneArg(positionals: string[], action: string, what: string): string {
  if (positionals.length !== 1)
    throw new CliError(`tokens ${action} takes one ${what}\n\n${HELPS[action]}`, 2)
  return positionals[0]!
}

function scopeOf(text: string | undefined): string {
  if (text === undefined || !(TOKEN_SCOPES as readonly string[]).includes(text))
    throw new CliError(`--scope must be one of ${TOKEN_SCOPES.join(', ')}`, 2)
  return text
}

/** The store bound to the --project the command names. */
async function inProject(store: Store, slug: string): Promise<Store> {
  const id = await projectIdOf(store, slug)
  if (id === null) throw new CliError(`project "${slug}" not found`)
  return store.inProject(id)
}

async function run(store: Store, action: string, args: string[], p: Parsed): Promise<number> {
  const slug = p.values.project ?? 'default'
  switch (action) {
    case 'add': {
      const name = oneArg(args, 'add', 'NAME')
      const scope = scopeOf(p.values.scope)
      const made = await createToken(
        await inProject(store, slug),
        { name, scope, createdBy: 'cli' },
        Date.now(),
      )
      process.stderr.write(
        `token "${name}" (${made.token.scope}) created in project "${slug}". Its secret follows, shown this once:\n`,
      )
      process.stdout.write(`${made.secret}\n`)
      return 0
    }
    case 'list': {
      if (args.length > 0) throw new CliError(`tokens list takes no NAME\n\n${HELPS.list}`, 2)
      const tokens = await listTokens(await inProject(store, slug))
      process.stdout.write(p.values.json ? `${JSON.stringify(tokens, null, 2)}\n` : tokenTable(tokens))
      return 0
    }
    case 'revoke': {
      const ref = oneArg(args, 'revoke', 'NAME or ID')
      const token = await revokeToken(await inProject(store, slug), ref)
      process.stdout.write(`token "${token.name}" revoked in project "${slug}"\n`)
      return 0
    }
    default:
      throw new Error(`unhandled tokens action ${action}`)
  }
}

export async function tokensCommand(argv: string[]): Promise<number> {
  const p = parse(argv)
  const [action, ...args] = p.positionals
  if (action === undefined) {
    process.stdout.write(TOKENS_HELP)
    return p.values.help ? 0 : 2
  }
  const help = HELPS[action]
  if (help === undefined) throw new CliError(`unknown tokens action "${action}"\n\n${TOKENS_HELP}`, 2)
  if (p.values.help) {
    process.stdout.write(help)
    return 0
  }
  return withConfiguredStore(p.values, (store) => run(store, action, args, p), TokenAdminError)
}
