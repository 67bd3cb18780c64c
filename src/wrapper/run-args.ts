// Command lines of `backwatch run` and `backwatch heartbeat`, and where their reports go.
import { homedir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { parseDuration } from '../domain/duration.js'
import { RUN_KINDS, type RunKind, TOOLS, type Tool } from '../domain/types.js'

export class UsageError extends Error {}

/** Where reports go: the native API (token needed) or a Healthchecks-style ping URL. */
export type Endpoint =
  | { mode: 'api'; base: string; token: string | null }
  | { mode: 'ping'; url: string; create: boolean }

export interface RunOptions {
  help: false
  job: string | null
  endpoint: Endpoint
  server: string | null
  kind: RunKind | null
  tool: Tool | null
  create: boolean
  spoolDir: string
  /** per attempt */
  timeoutMs: number
  command: string[]
}

export interface HeartbeatOptions {
  help: false
  server: string
  endpoint: Extract<Endpoint, { mode: 'api' }>
  spoolDir: string
  timeoutMs: number
  /** the server's heartbeat timeout to set ("1h"), null to leave it as it is */
  heartbeatTimeout: string | null
}

export const DEFAULT_URL = 'http://127.0.0.1:8080'
export const DEFAULT_TIMEOUT_MS = 5000

const SLUG = /^[a-z0-9_-]+$/
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

type Env = Record<string, string | undefined>

export function defaultSpoolDir(env: Env = process.env): string {
  if (env.BACKWATCH_SPOOL_DIR) return env.BACKWATCH_SPOOL_DIR
  if (env.XDG_STATE_HOME) return join(env.XDG_STATE_HOME, 'backwatch', 'spool')
  return join(env.HOME || homedir(), '.local', 'state', 'backwatch', 'spool')
}

function parseTimeout(value: string | undefined, flag = '--timeout'): number {
  if (value === undefined) return DEFAULT_TIMEOUT_MS
  const seconds = Number(value)
  if (!/^\d+(\.\d+)?$/.test(value) || !(seconds > 0) || seconds > 300) {
    throw new UsageError(`${flag}: expected seconds between 0 and 300, got "${value}"`)
  }
  return Math.round(seconds * 1000)
}

function parseUrl(raw: string): URL {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    throw new UsageError(`--url: not a URL: "${raw}"`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`--url: expected an http:// or https:// URL, got "${raw}"`)
  }
  if (url.username || url.password)
    throw new UsageError('--url: user and password in the URL are not supported')
  return url
}

/** The part of a Healthchecks-style check URL after its ping prefix, or null for a Backwatch URL:
 * a path with a /ping/ segment (Backwatch, self-hosted Healthchecks), or healthchecks.io's
 * hc-ping.com. */
function pingPart(url: URL): string | null {
  const path = url.pathname.replace(/\/+$/, '')
  const ping = /\/ping\/(.+)$/.exec(path)
  if (ping) return ping[1]!
  if (/(^|\.)hc-ping\.com$/.test(url.hostname) && path.length > 1) return path.slice(1)
  return null
}

export function isPingUrl(raw: string): boolean {
  try {
    return pingPart(new URL(raw)) !== null
  } catch {
    return false
  }
}

export function resolveEndpoint(
  flags: { url?: string | undefined; token?: string | undefined },
  env: Env,
  job: string | null,
  create: boolean,
): Endpoint {
  const raw = flags.url ?? env.BACKWATCH_URL ?? DEFAULT_URL
  const url = parseUrl(raw)
  const path = url.pathname.replace(/\/+$/, '')
  const ping = pingPart(url)
  if (ping !== null) {
    const segments = ping.split('/')
    // `--url …/ping/<ping_key> --job SLUG`: the slug form of the check URL
    if (segments.length === 1 && !UUID.test(segments[0]!) && job) {
      url.pathname = `${path}/${job}`
      return { mode: 'ping', url: url.toString(), create }
    }
    url.pathname = path
    // a slug URL (…/ping/<key>/<slug>) can create its job
    return { mode: 'ping', url: url.toString(), create: create && segments.length === 2 }
  }
  const base = `${url.origin}${path}`
  const token = flags.token ?? env.BACKWATCH_TOKEN ?? env.BACKWATCH_API_TOKEN ?? null
  return { mode: 'api', base, token: token || null }
}

function oneOf<T extends string>(flag: string, value: string | undefined, allowed: readonly T[]): T | null {
  if (value === undefined) return null
  if (!(allowed as readonly string[]).includes(value)) {
    throw new UsageError(`${flag}: expected one of ${allowed.join(', ')}, got "${value}"`)
  }
  return value as T
}

export function parseRunArgs(argv: string[], env: Env = process.env): RunOptions | { help: true } {
  const sep = argv.indexOf('--')
  const own = sep === -1 ? argv : argv.slice(0, sep)
  const command = sep === -1 ? [] : argv.slice(sep + 1)
  const { values, positionals } = parseArgs({
    args: own,
    allowPositionals: true,
    options: {
      job: { type: 'string', short: 'j' },
      url: { type: 'string' },
      token: { type: 'string' },
      server: { type: 'string' },
      kind: { type: 'string' },
      tool: { type: 'string' },
      'no-create': { type: 'boolean' },
      'spool-dir': { type: 'string' },
      timeout: { type: 'string' },
      'request-timeout': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  })
  if (values.help) return { help: true }
  if (values.timeout !== undefined && values['request-timeout'] !== undefined) {
    throw new UsageError('--timeout and --request-timeout are the same: give one')
  }
  if (positionals.length > 0) {
    throw new UsageError(
      `put "--" before the command: backwatch run --job SLUG -- ${positionals.join(' ')}${command.length ? ' …' : ''}`,
    )
  }
  if (sep === -1)
    throw new UsageError('missing "--" and the command to run: backwatch run --job SLUG -- CMD [ARG…]')
  if (command.length === 0 || command[0] === '') throw new UsageError('no command after "--"')
  const job = values.job ?? null
  if (job !== null && !SLUG.test(job)) {
    throw new UsageError(`--job: a slug is lowercase letters, digits, "-" and "_", got "${job}"`)
  }
  const create = !values['no-create']
  const endpoint = resolveEndpoint(values, env, job, create)
  if (endpoint.mode === 'api' && job === null) {
    throw new UsageError('--job SLUG is required (or --url with a Healthchecks ping URL)')
  }
  if (values.server !== undefined && values.server.trim() === '') throw new UsageError('--server: empty name')
  return {
    help: false,
    job,
    endpoint,
    server: values.server ?? null,
    kind: oneOf('--kind', values.kind, RUN_KINDS),
    tool: oneOf('--tool', values.tool, TOOLS),
    create,
    spoolDir: values['spool-dir'] ?? defaultSpoolDir(env),
    timeoutMs:
      values['request-timeout'] === undefined
        ? parseTimeout(values.timeout)
        : parseTimeout(values['request-timeout'], '--request-timeout'),
    command,
  }
}

export function parseHeartbeatArgs(
  argv: string[],
  env: Env = process.env,
): HeartbeatOptions | { help: true } {
  const { values } = parseArgs({
    args: argv,
    allowPositionals: false,
    options: {
      server: { type: 'string', short: 's' },
      url: { type: 'string' },
      token: { type: 'string' },
      'spool-dir': { type: 'string' },
      timeout: { type: 'string' },
      'request-timeout': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  })
  if (values.help) return { help: true }
  if (!values.server || values.server.trim() === '') throw new UsageError('--server NAME is required')
  const endpoint = resolveEndpoint(values, env, null, false)
  if (endpoint.mode !== 'api') {
    throw new UsageError('heartbeat needs the Backwatch URL (--url http://host:8080), not a ping URL')
  }
  return {
    help: false,
    server: values.server,
    endpoint,
    spoolDir: values['spool-dir'] ?? defaultSpoolDir(env),
    timeoutMs: parseTimeout(values['request-timeout'], '--request-timeout'),
    heartbeatTimeout: values.timeout === undefined ? null : parseHeartbeatTimeout(values.timeout),
  }
}

/** `heartbeat --timeout 1h`: the server's heartbeat timeout, a duration with a unit. */
function parseHeartbeatTimeout(value: string): string {
  if (/^\d+(\.\d+)?$/.test(value)) {
    throw new UsageError(
      `--timeout is the server's heartbeat timeout, a duration with a unit such as 90s, 15m or 1h, got "${value}" (the per-request limit in seconds is --request-timeout)`,
    )
  }
  try {
    parseDuration(value)
  } catch (err) {
    throw new UsageError(`--timeout: ${(err as Error).message}`)
  }
  return value.trim()
}
