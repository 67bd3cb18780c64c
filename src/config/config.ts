// Settings from CLI flags, environment and the YAML config file (SPEC §1, §7).
//
// Precedence: flag > env > file > default. Every problem is reported at once, one message per
// problem naming the key path and the line, e.g.
//   jobs[2].schedule.cron: invalid cron expression "0 25 * * *" (line 31)
// Flags and environment variables are named as such (`--listen: …`, `BACKWATCH_LISTEN: …`).
// Messages never contain secret values (tokens, the ping key, database URLs).
//
// Decisions not fixed by the spec:
// - Database URLs: `sqlite:PATH` and `sqlite://PATH` are the same thing (the `//` is dropped, so
//   `sqlite:///var/lib/bw.db` is the absolute path /var/lib/bw.db and `sqlite://data/bw.db` is
//   relative); `sqlite::memory:` is an in-memory database. Relative paths are resolved against
//   the working directory (not the config file's directory). `postgres://` and `postgresql://`
//   URLs are passed on unchanged.
// - `listen` needs an explicit host: `HOST:PORT`, `[IPv6]:PORT`; `:8080` is rejected.
// - `ping_body_limit` is an integer number of bytes from 0 to 10 MB (10 000 000).
// - Empty environment variables count as unset.

import { existsSync, readFileSync, statSync } from 'node:fs'
import { isIPv6 } from 'node:net'
import { resolve } from 'node:path'
import { isAlias, isMap, isScalar, isSeq, LineCounter, type Node, parseDocument } from 'yaml'
import { z } from 'zod'
import { type ChannelSpec, channelSpecSchema } from './channel-spec.js'
import { type HttpSpec, httpSpecSchema } from './http-spec.js'
import {
  describeValue,
  zodErrorOptions as E,
  formatProblem,
  type JobSpec,
  jobSpecSchema,
  type Problem,
  type ServerSpec,
  serverSpecSchema,
  zodIssuesToProblems,
} from './job-spec.js'
import { DEFAULT_LIMITS, limitsSchema, type RequestLimits } from './limits-spec.js'
import {
  ENVIRONMENT_NAME_HINT,
  ENVIRONMENT_NAME_RE,
  type PolicySpec,
  policySpecSchema,
} from './policy-spec.js'
import { configSilenceSchema, type SilenceSpec } from './silence-spec.js'

export type TokenScope = 'read' | 'ingest' | 'admin'
export const TOKEN_SCOPES = ['read', 'ingest', 'admin'] as const

export type DatabaseConfig = { kind: 'sqlite'; path: string } | { kind: 'postgres'; url: string }

/** A job declared in the config file: its slug is always present. */
export type DeclaredJob = JobSpec & { slug: string }
/** A server declared in the config file: its name is always present. */
export type DeclaredServer = ServerSpec & { name: string }

export interface Config {
  /** absolute path of the config file read, or null when none */
  configPath: string | null
  listen: { host: string; port: number }
  database: DatabaseConfig
  /** without trailing slash; null = derive from the address actually bound */
  baseUrl: string | null
  pingKey: string | null
  /** bytes */
  pingBodyLimit: number
  /** BACKWATCH_API_TOKEN: a bootstrap token with the admin scope */
  apiToken: string | null
  tokens: { name: string; scope: TokenScope; token: string }[]
  metricsPublic: boolean
  servers: DeclaredServer[]
  jobs: DeclaredJob[]
  /**
   * environment → policy (rule settings and the job_defaults of jobs created by a report or
   * ping); `default` applies to jobs whose environment has no policy and to jobs without one
   */
  policies: Record<string, PolicySpec>
  /** notification channels: routing keys parsed, the kind's settings kept for its notifier */
  channels: ChannelSpec[]
  /** named silences with a fixed end, kept in the store with source `config` */
  silences: SilenceSpec[]
  /** the `http:` section (connection limits); unset ones take http-limits.ts's defaults */
  http?: HttpSpec
  /** what one request may make the server do (limits-spec.ts) */
  limits: RequestLimits
}

export class ConfigError extends Error {
  readonly problems: string[]
  constructor(problems: string[]) {
    super(problems.join('\n'))
    this.name = 'ConfigError'
    this.problems = problems
  }
}

export interface ConfigFlags {
  config: string
  listen: string
  database: string
  baseUrl: string
}

export interface LoadConfigOptions {
  /** CLI flags already parsed (`--config`, `--listen`, `--database`, `--base-url`) */
  flags?: Partial<ConfigFlags>
  env: NodeJS.ProcessEnv
  cwd: string
}

export const DEFAULT_CONFIG_FILE = 'backwatch.yaml'
export const DEFAULT_LISTEN = '127.0.0.1:8080'
export const DEFAULT_DATABASE = 'sqlite:./data/backwatch.db'
export const DEFAULT_PING_BODY_LIMIT = 100_000
export const MAX_PING_BODY_LIMIT = 10_000_000
export const MIN_TOKEN_LENGTH = 16

// ---------------------------------------------------------------------------------------------
// Single values (shared by flags, environment and file)

type Parsed<T> = { ok: true; value: T } | { ok: false; message: string }

const HOSTNAME_RE = /^[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?$/

function parseListenValue(text: string): Parsed<{ host: string; port: number }> {
  const bad = (why: string): Parsed<never> => ({
    ok: false,
    message: `invalid listen address ${JSON.stringify(text)} (${why})`,
  })
  const m = /^(?:\[([^\]]*)\]|([^:[\]]*)):(\d{1,5})$/.exec(text.trim())
  if (!m) return bad('expected HOST:PORT, e.g. 127.0.0.1:8080 or [::1]:8080')
  const port = Number(m[3])
  if (port > 65535) return bad('port must be 0..65535')
  if (m[1] !== undefined) {
    if (!isIPv6(m[1])) return bad('not an IPv6 address between the brackets')
    return { ok: true, value: { host: m[1], port } }
  }
  const host = m[2] ?? ''
  if (host === '') return bad('missing host, e.g. 0.0.0.0:8080 for all interfaces')
  if (!HOSTNAME_RE.test(host)) return bad('invalid host')
  return { ok: true, value: { host, port } }
}

/** `HOST:PORT` or `[IPv6]:PORT` (port 0..65535). Throws ConfigError. */
export function parseListen(text: string): { host: string; port: number } {
  const r = parseListenValue(text)
  if (!r.ok) throw new ConfigError([r.message])
  return r.value
}

function parseDatabaseValue(text: string, cwd: string): Parsed<DatabaseConfig> {
  const url = text.trim()
  if (/^sqlite:/i.test(url)) {
    let path = url.slice('sqlite:'.length)
    if (path.startsWith('//')) path = path.slice(2)
    if (path === '')
      return { ok: false, message: 'sqlite database URL needs a path, e.g. sqlite:./data/backwatch.db' }
    return { ok: true, value: { kind: 'sqlite', path: path === ':memory:' ? path : resolve(cwd, path) } }
  }
  if (/^postgres(?:ql)?:\/\//i.test(url)) {
    let parsed: URL
    try {
      parsed = new URL(url)
    } catch {
      // never echo the URL: it may hold a password
      return { ok: false, message: 'invalid PostgreSQL URL (expected postgres://USER:PASSWORD@HOST:PORT/DB)' }
    }
    if (parsed.hostname === '' && !parsed.searchParams.has('host')) {
      return { ok: false, message: 'invalid PostgreSQL URL: missing host' }
    }
    return { ok: true, value: { kind: 'postgres', url } }
  }
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(url)?.[1]
  return {
    ok: false,
    message: `unsupported database URL${scheme ? ` scheme "${scheme}:"` : ''} (expected sqlite:PATH or postgres://…)`,
  }
}

/** `sqlite:PATH`, `sqlite://PATH`, `postgres://…`, `postgresql://…`. Throws ConfigError. */
export function parseDatabaseUrl(text: string, cwd: string): DatabaseConfig {
  const r = parseDatabaseValue(text, cwd)
  if (!r.ok) throw new ConfigError([r.message])
  return r.value
}

function parseBaseUrlValue(text: string): Parsed<string> {
  const bad = (why: string): Parsed<never> => ({
    ok: false,
    message: `invalid base URL ${JSON.stringify(text)} (${why})`,
  })
  let url: URL
  try {
    url = new URL(text.trim())
  } catch {
    return bad('expected an http:// or https:// URL')
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return bad('expected an http:// or https:// URL')
  if (url.username !== '' || url.password !== '') return bad('must not contain credentials')
  if (url.search !== '' || url.hash !== '') return bad('must not have a query or fragment')
  return { ok: true, value: url.href.replace(/\/+$/, '') }
}

/** An http(s) URL, without trailing slash. Throws ConfigError. */
export function parseBaseUrl(text: string): string {
  const r = parseBaseUrlValue(text)
  if (!r.ok) throw new ConfigError([r.message])
  return r.value
}

// ---------------------------------------------------------------------------------------------
// File schema

const PING_KEY_RE = /^[A-Za-z0-9_-]{8,64}$/
const TOKEN_NAME_RE = /^[A-Za-z0-9._-]+$/
const ENV_NAME_RE = /^[A-Za-z_][A-Za-z0-9_]*$/

function fromParser<T>(parse: (text: string) => Parsed<T>) {
  return z.string(E).transform((text, ctx): T => {
    const r = parse(text)
    if (r.ok) return r.value
    ctx.addIssue({ code: 'custom', message: r.message })
    return z.NEVER
  })
}

function tokenSchema(env: NodeJS.ProcessEnv) {
  return z
    .strictObject(
      {
        name: z
          .string(E)
          .min(1, { ...E, abort: true })
          .max(100, E)
          .regex(TOKEN_NAME_RE, 'must contain only letters, digits, ".", "-" and "_"'),
        scope: z.enum(TOKEN_SCOPES, E),
        // token values are never echoed in messages
        token: z.string(E).optional(),
        token_env: z.string(E).regex(ENV_NAME_RE, 'must be an environment variable name').optional(),
      },
      E,
    )
    .transform((t, ctx) => {
      let token: string | undefined
      if (t.token !== undefined && t.token_env !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['token_env'],
          message: 'set either token or token_env, not both',
        })
        return z.NEVER
      }
      if (t.token !== undefined) {
        token = t.token
        const why = tokenProblem(token)
        if (why) ctx.addIssue({ code: 'custom', path: ['token'], message: why })
      } else if (t.token_env !== undefined) {
        token = env[t.token_env]
        if (token === undefined || token === '') {
          ctx.addIssue({
            code: 'custom',
            path: ['token_env'],
            message: `environment variable ${t.token_env} is not set`,
          })
        } else {
          const why = tokenProblem(token)
          if (why) {
            ctx.addIssue({
              code: 'custom',
              path: ['token_env'],
              message: `the token in environment variable ${t.token_env} ${why}`,
            })
          }
        }
      } else {
        ctx.addIssue({ code: 'custom', path: [], message: 'needs token or token_env' })
      }
      if (token === undefined) return z.NEVER
      return { name: t.name, scope: t.scope, token }
    })
}

function tokenProblem(token: string): string | null {
  if (token.length < MIN_TOKEN_LENGTH) return `must be at least ${MIN_TOKEN_LENGTH} characters long`
  if (/[\s\u0000-\u001f\u007f]/.test(token)) return 'must not contain whitespace or control characters'
  return null
}

// The list and mapping sections may be left empty (`jobs:` with everything commented out): null is
// taken as empty.
function fileSchema(env: NodeJS.ProcessEnv, cwd: string) {
  return z.strictObject(
    {
      listen: fromParser(parseListenValue).optional(),
      database: fromParser((t) => parseDatabaseValue(t, cwd)).optional(),
      base_url: fromParser(parseBaseUrlValue).optional(),
      ping_key: z
        .string(E)
        .regex(PING_KEY_RE, 'must be 8 to 64 characters of letters, digits, "-" and "_"')
        .optional(),
      ping_body_limit: z.int(E).min(0, E).max(MAX_PING_BODY_LIMIT, E).optional(),
      tokens: z.array(tokenSchema(env), E).nullish(),
      metrics: z.strictObject({ public: z.boolean(E).optional() }, E).nullish(),
      http: httpSpecSchema.nullish(),
      limits: limitsSchema,
      // an empty policy (`staging:` with nothing under it) is a policy of built-in defaults
      policies: z
        .record(
          z.string(),
          policySpecSchema.nullable().transform((p): PolicySpec => p ?? { policy: {}, jobDefaults: null }),
          E,
        )
        .nullish(),
      servers: z.array(serverSpecSchema, E).nullish(),
      jobs: z.array(jobSpecSchema, E).nullish(),
      channels: z.array(channelSpecSchema(env), E).nullish(),
      silences: z.array(configSilenceSchema, E).nullish(),
    },
    E,
  )
}

/** The config file's settings as validated (wire names; values parsed). */
export type ConfigFileSettings = z.output<ReturnType<typeof fileSchema>>
type FileSettings = ConfigFileSettings

// ---------------------------------------------------------------------------------------------
// Checks on the raw data that zod can't express per item (required keys, uniqueness)

function uniqueness(
  raw: Record<string, unknown>,
  list: string,
  key: string,
  what: string,
  required: boolean,
  problems: Problem[],
  normalize: (v: string) => string = (v) => v,
): void {
  const items = raw[list]
  if (!Array.isArray(items)) return
  const seen = new Map<string, number>()
  items.forEach((item, i) => {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) return
    const value = (item as Record<string, unknown>)[key]
    if (value === undefined) {
      if (required) problems.push({ path: [list, i, key], message: 'required' })
      return
    }
    if (typeof value !== 'string') return
    const norm = normalize(value)
    const first = seen.get(norm)
    if (first === undefined) {
      seen.set(norm, i)
      return
    }
    problems.push({
      path: [list, i, key],
      message: `duplicate ${what} ${JSON.stringify(value)}, already used by ${list}[${first}]`,
    })
  })
}

/** Policy names must be usable in /api/v1/policies/{environment}. */
function policyNames(raw: Record<string, unknown>, problems: Problem[]): void {
  const policies = raw.policies
  if (typeof policies !== 'object' || policies === null || Array.isArray(policies)) return
  for (const name of Object.keys(policies)) {
    if (!ENVIRONMENT_NAME_RE.test(name)) {
      problems.push({ path: ['policies', name], message: `environment name ${ENVIRONMENT_NAME_HINT}` })
    }
  }
}

// ---------------------------------------------------------------------------------------------
// YAML → settings

interface FileResult {
  settings: FileSettings | null
  /** formatted, in line order */
  problems: string[]
}

/** Line (1-based) of the node at `path`: the value node for scalars, the key for collections,
 * the nearest existing parent when the path doesn't exist. */
function makeLineOf(
  contents: Node | null,
  lineCounter: LineCounter,
): (path: readonly PropertyKey[]) => number | undefined {
  const lineAt = (offset: number) => lineCounter.linePos(offset).line
  return (path) => {
    let node: unknown = contents
    let best: number | undefined = (contents as Node | null)?.range ? lineAt(contents!.range![0]) : undefined
    for (const seg of path) {
      if (isMap(node)) {
        const pair = node.items.find((p) => {
          const k = p.key
          return isScalar(k) ? String(k.value) === String(seg) : false
        })
        if (!pair) return best
        const keyNode = pair.key as Node
        const keyLine = keyNode.range ? lineAt(keyNode.range[0]) : best
        const value = pair.value as Node | null
        if (value && (isScalar(value) || isAlias(value)) && value.range) {
          best = lineAt(value.range[0])
        } else {
          best = keyLine
        }
        node = value
      } else if (isSeq(node) && typeof seg === 'number') {
        const item = node.items[seg] as Node | undefined
        if (!item) return best
        if (item.range) best = lineAt(item.range[0])
        node = item
      } else {
        return best
      }
    }
    return best
  }
}

function parseConfigText(text: string, env: NodeJS.ProcessEnv, cwd: string): FileResult {
  const lineCounter = new LineCounter()
  const doc = parseDocument(text, {
    lineCounter,
    keepSourceTokens: true,
    prettyErrors: false,
    uniqueKeys: true,
    merge: true,
  })
  if (doc.errors.length > 0) {
    const problems = doc.errors.map((err) => {
      const line = lineCounter.linePos(err.pos[0]).line
      return `line ${line}: ${err.message}`
    })
    return { settings: null, problems }
  }
  let raw: unknown
  try {
    raw = doc.toJS({ maxAliasCount: 1000 })
  } catch (err) {
    return { settings: null, problems: [`config file: ${(err as Error).message}`] }
  }
  const contents = doc.contents as Node | null
  const lineOf = makeLineOf(contents, lineCounter)
  if (raw === null || raw === undefined) raw = {}
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    const line = contents?.range ? lineCounter.linePos(contents.range[0]).line : 1
    return {
      settings: null,
      problems: [`config file must be a mapping of settings, got ${describeValue(raw)} (line ${line})`],
    }
  }
  const record = raw as Record<string, unknown>
  const problems: Problem[] = []
  const result = fileSchema(env, cwd).safeParse(record)
  if (!result.success) problems.push(...zodIssuesToProblems(result.error))
  uniqueness(record, 'jobs', 'slug', 'slug', true, problems)
  uniqueness(record, 'jobs', 'uuid', 'uuid', false, problems, (v) => v.toLowerCase())
  uniqueness(record, 'servers', 'name', 'name', true, problems)
  uniqueness(record, 'tokens', 'name', 'name', false, problems)
  uniqueness(record, 'channels', 'name', 'name', false, problems)
  uniqueness(record, 'silences', 'name', 'name', false, problems)
  policyNames(record, problems)

  const located = problems.map((p, i) => ({ p, i, line: lineOf(p.path) }))
  located.sort(
    (a, b) => (a.line ?? Number.MAX_SAFE_INTEGER) - (b.line ?? Number.MAX_SAFE_INTEGER) || a.i - b.i,
  )
  return {
    settings: result.success ? result.data : null,
    problems: located.map(({ p }) => formatProblem(p, lineOf)),
  }
}

/** Reads and validates a config file. `problems` is empty on success. */
export function readConfigFile(
  path: string,
  env: NodeJS.ProcessEnv,
  cwd: string,
): { settings: FileSettings | null; problems: string[] } {
  let text: string
  try {
    if (statSync(path).isDirectory()) return { settings: null, problems: [`${path}: is a directory`] }
    text = readFileSync(path, 'utf8')
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    if (code === 'ENOENT') return { settings: null, problems: [`${path}: file not found`] }
    return { settings: null, problems: [`${path}: cannot read (${code ?? (err as Error).message})`] }
  }
  return parseConfigText(text, env, cwd)
}

// ---------------------------------------------------------------------------------------------
// Everything together

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value
}

/**
 * Resolves the settings (flag > env > file > default) and reads the config file. Throws
 * ConfigError listing every problem.
 */
export function loadConfig(opts: LoadConfigOptions): Config {
  const flags = opts.flags ?? {}
  const { env, cwd } = opts
  const problems: string[] = []

  // config file
  let configPath: string | null = null
  const explicit =
    flags.config !== undefined
      ? { label: '--config', value: flags.config }
      : nonEmpty(env.BACKWATCH_CONFIG) !== undefined
        ? { label: 'BACKWATCH_CONFIG', value: env.BACKWATCH_CONFIG! }
        : null
  let file: FileSettings | null = null
  if (explicit) {
    configPath = resolve(cwd, explicit.value)
    if (explicit.value === '') problems.push(`${explicit.label}: empty file name`)
    else if (!existsSync(configPath)) problems.push(`${explicit.label}: config file not found: ${configPath}`)
  } else {
    const candidate = resolve(cwd, DEFAULT_CONFIG_FILE)
    if (existsSync(candidate)) configPath = candidate
  }
  if (configPath !== null && problems.length === 0) {
    const r = readConfigFile(configPath, env, cwd)
    problems.push(...r.problems)
    file = r.settings
  }

  // single settings: flag > env > file > default
  function pick<T>(
    flag: string | undefined,
    flagLabel: string,
    envName: string,
    parse: (text: string) => Parsed<T>,
    fromFile: T | undefined,
    fallback: T,
  ): T {
    const source =
      flag !== undefined
        ? { label: flagLabel, text: flag }
        : nonEmpty(env[envName]) !== undefined
          ? { label: envName, text: env[envName]! }
          : null
    if (source) {
      const r = parse(source.text)
      if (r.ok) return r.value
      problems.push(`${source.label}: ${r.message}`)
      return fallback
    }
    return fromFile ?? fallback
  }

  const listen = pick(
    flags.listen,
    '--listen',
    'BACKWATCH_LISTEN',
    parseListenValue,
    file?.listen,
    parseListen(DEFAULT_LISTEN),
  )
  const database = pick(
    flags.database,
    '--database',
    'BACKWATCH_DATABASE_URL',
    (t) => parseDatabaseValue(t, cwd),
    file?.database,
    parseDatabaseUrl(DEFAULT_DATABASE, cwd),
  )
  const baseUrl = pick<string | null>(
    flags.baseUrl,
    '--base-url',
    'BACKWATCH_BASE_URL',
    parseBaseUrlValue,
    file?.base_url,
    null,
  )

  if (problems.length > 0) throw new ConfigError(problems)

  return {
    configPath,
    listen,
    database,
    baseUrl,
    pingKey: file?.ping_key ?? null,
    pingBodyLimit: file?.ping_body_limit ?? DEFAULT_PING_BODY_LIMIT,
    apiToken: nonEmpty(env.BACKWATCH_API_TOKEN) ?? null,
    tokens: file?.tokens ?? [],
    metricsPublic: file?.metrics?.public ?? false,
    // slug/name presence is checked above: a file with a job lacking its slug never gets here
    servers: (file?.servers ?? []) as DeclaredServer[],
    jobs: (file?.jobs ?? []) as DeclaredJob[],
    policies: file?.policies ?? {},
    channels: file?.channels ?? [],
    silences: file?.silences ?? [],
    ...(file?.http && { http: file.http }),
    limits: file?.limits ?? DEFAULT_LIMITS,
  }
}
