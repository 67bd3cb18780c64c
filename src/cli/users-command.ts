// `backwatch users add|passwd|list|remove|totp`: people who sign in, managed on the server's
// database directly (no API token needed: whoever may read the database may already do anything).
import { parseArgs } from 'node:util'
import {
  addUser,
  changePassword,
  disableTotp,
  enableTotp,
  listUsers,
  removeUser,
  UserAdminError,
} from '../app/users/user-admin.js'
import { ROLES, type Role } from '../domain/access.js'
import { usernameProblem } from '../domain/users.js'
import type { Store } from '../store/store.js'
import { CliError } from './api-client.js'
import { withConfiguredStore } from './configured-store.js'
import { readNewPassword } from './password-input.js'

export const USERS_HELP = `Usage: backwatch users add NAME [--admin] [--role viewer|operator|admin] [--project SLUG]
                         [--password-stdin]
       backwatch users passwd NAME [--password-stdin]
       backwatch users list [--json]
       backwatch users remove NAME
       backwatch users totp enable|disable NAME

add      creates a user with a role in a project (default: viewer in "default"); --admin makes an
         instance admin (admin in every project, may manage projects)
passwd   sets a new password and signs the user out everywhere
list     every user with their roles (never a password hash)
remove   deletes the user and ends their sessions
totp     enable: a second factor; prints the otpauth:// URI for an authenticator app and ten
         single-use recovery codes, once. disable: turns it off

The password is asked on the terminal (not echoed), or read from standard input with
--password-stdin; at least 12 characters. The database is the one \`backwatch serve\` would use:
--config FILE / BACKWATCH_CONFIG, --database URL / BACKWATCH_DATABASE_URL.
`

const ACTIONS = ['add', 'passwd', 'list', 'remove', 'totp']

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      admin: { type: 'boolean' },
      role: { type: 'string' },
      project: { type: 'string' },
      'password-stdin': { type: 'boolean' },
      json: { type: 'boolean' },
      config: { type: 'string' },
      database: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  })
}

type Parsed = ReturnType<typeof parse>

function oneName(positionals: string[], usage: string): string {
  if (positionals.length !== 1) throw new CliError(`usage: backwatch users ${usage}`, 2)
  return positionals[0]!
}

function roleOf(text: string | undefined): Role {
  if (text === undefined) return 'viewer'
  if (!(ROLES as readonly string[]).includes(text))
    throw new CliError(`--role must be one of ${ROLES.join(', ')}`, 2)
  return text as Role
}

const out = (text: string) => process.stdout.write(text)

async function run(store: Store, action: string, args: string[], p: Parsed): Promise<number> {
  const now = Date.now()
  const { values } = p
  switch (action) {
    case 'add': {
      const username = oneName(args, 'add NAME')
      const role = roleOf(values.role)
      // refused before the password is asked for
      const problem = usernameProblem(username)
      if (problem) throw new CliError(problem, 2)
      if ((await store.getUser({ username })) !== null)
        throw new UserAdminError(`user "${username}" already exists`)
      const password = await readNewPassword(values['password-stdin'] === true)
      const instanceAdmin = values.admin === true
      await addUser(
        store,
        { username, password, instanceAdmin, role, project: values.project ?? 'default' },
        now,
      )
      out(
        `user "${username}" created (${instanceAdmin ? 'instance admin' : `${role} in ${values.project ?? 'default'}`})\n`,
      )
      return 0
    }
    case 'passwd': {
      const username = oneName(args, 'passwd NAME')
      if (!(await store.getUser({ username }))) throw new UserAdminError(`user "${username}" not found`)
      const revoked = await changePassword(
        store,
        username,
        await readNewPassword(values['password-stdin'] === true),
        now,
      )
      out(`password of "${username}" changed; ${revoked} session(s) ended\n`)
      return 0
    }
    case 'list': {
      const users = await listUsers(store, now)
      if (values.json) {
        out(`${JSON.stringify(users, null, 2)}\n`)
        return 0
      }
      if (users.length === 0) {
        out('no users\n')
        return 0
      }
      for (const u of users) {
        const roles = u.instance_admin
          ? 'instance admin'
          : u.memberships.map((m) => `${m.role}@${m.project}`).join(', ')
        const flags = [u.totp && 'totp', u.locked_until && `locked until ${u.locked_until}`].filter(Boolean)
        out(`${u.username.padEnd(20)} ${roles}${flags.length > 0 ? `  (${flags.join(', ')})` : ''}\n`)
      }
      return 0
    }
    case 'remove': {
      const username = oneName(args, 'remove NAME')
      await removeUser(store, username)
      out(`user "${username}" removed\n`)
      return 0
    }
    case 'totp': {
      const [mode, ...rest] = args
      const username = oneName(rest, 'totp enable|disable NAME')
      if (mode === 'enable') {
        const t = await enableTotp(store, username, now)
        out(
          `TOTP enabled for "${username}". Add it to an authenticator app (this is shown once):\n\n  ${t.uri}\n\n` +
            `Recovery codes, each usable once if the authenticator is lost (shown once):\n\n` +
            `${t.recoveryCodes.map((c) => `  ${c}`).join('\n')}\n`,
        )
        return 0
      }
      if (mode === 'disable') {
        await disableTotp(store, username, now)
        out(`TOTP disabled for "${username}"\n`)
        return 0
      }
      throw new CliError('usage: backwatch users totp enable|disable NAME', 2)
    }
    default:
      throw new Error(`unhandled users action ${action}`)
  }
}

export async function usersCommand(argv: string[]): Promise<number> {
  const p = parse(argv)
  const [action, ...args] = p.positionals
  if (p.values.help || action === undefined) {
    process.stdout.write(USERS_HELP)
    return action === undefined && !p.values.help ? 2 : 0
  }
  if (!ACTIONS.includes(action)) throw new CliError(`unknown users action "${action}"\n\n${USERS_HELP}`, 2)
  return withConfiguredStore(p.values, (store) => run(store, action, args, p), UserAdminError)
}
