// BACKWATCH_ADMIN_PASSWORD (+ BACKWATCH_ADMIN_USER) at start: the first instance admin, made
// only while no user exists (never a default password: without the variable, nobody is made).
import { passwordProblem } from '../../auth/password.js'
import { usernameProblem } from '../../domain/users.js'
import type { ProjectStore } from '../../store/roles/project-store.js'
import type { UserStore } from '../../store/roles/user-store.js'
import { addUser } from './user-admin.js'

export interface FirstAdmin {
  username: string
  password: string
}

/** The first admin from the environment, or null when BACKWATCH_ADMIN_PASSWORD is not set. */
export function firstAdminFromEnv(env: NodeJS.ProcessEnv): FirstAdmin | null {
  const password = env.BACKWATCH_ADMIN_PASSWORD
  if (password === undefined || password === '') return null
  const username = env.BACKWATCH_ADMIN_USER
  return { username: username === undefined || username === '' ? 'admin' : username, password }
}

/** Why the variables cannot make a user (named, never quoting the password), or null. */
export function firstAdminProblem(admin: FirstAdmin): string | null {
  const name = usernameProblem(admin.username)
  if (name) return `BACKWATCH_ADMIN_USER: ${name}`
  const password = passwordProblem(admin.password)
  return password ? `BACKWATCH_ADMIN_PASSWORD: ${password}` : null
}

/** Creates the admin when there is no user yet; returns its name when it did. */
export async function ensureFirstAdmin(
  store: UserStore & ProjectStore,
  admin: FirstAdmin,
  now: number,
): Promise<string | null> {
  if ((await store.countUsers()) > 0) return null
  const user = await addUser(
    store,
    { ...admin, instanceAdmin: true, role: 'admin', project: 'default' },
    now,
  ).catch((err: unknown) => {
    // a second instance starting at the same moment made it first
    if (err instanceof Error && /already exists/.test(err.message)) return null
    throw err
  })
  return user?.username ?? null
}
