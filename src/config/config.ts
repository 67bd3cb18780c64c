// Settings from CLI flags, environment and the YAML config file (SPEC §1, §7).
//
// Precedence: flag > env > file > default. Every problem is reported at once, one message per
// problem naming the key path and the line, e.g.
//   jobs[2].schedule.cron: invalid cron expression "0 25 * * *" (line 31)
// Flags and environment variables are named as such (`--listen: …`, `BACKWATCH_LISTEN: …`).
// Messages never contain secret values (tokens, the ping key, database URLs).
//
// Empty environment variables count as unset. The single values (listen, database, base URL):
// single-values.ts; the file: config-file.ts.

import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { ConfigError } from './config-error.js'
import { readConfigFile } from './config-file.js'
import type { ConfigFileSettings } from './file-schema.js'
import type { HttpSpec } from './http-spec.js'
import { DEFAULT_LIMITS, type RequestLimits } from './limits-spec.js'
import {
  type DeclaredJob,
  type DeclaredProject,
  type DeclaredServer,
  declaredProjects,
  type ProjectSections,
  sectionsOf,
} from './project-sections.js'
import type { SelfCheckSpec } from './self-check-spec.js'
import {
  type DatabaseConfig,
  type Parsed,
  parseBaseUrlValue,
  parseDatabaseUrl,
  parseDatabaseValue,
  parseListen,
  parseListenValue,
} from './single-values.js'

export type { DeclaredJob, DeclaredProject, DeclaredServer, ProjectSections }
// loadConfig throws it: callers import both from here
export { ConfigError }

/** The top level's sections (tokens, servers, jobs, policies, channels, silences) are the default project's. */
export interface Config extends ProjectSections {
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
  metricsPublic: boolean
  /** the other projects the file declares, each with its own sections */
  projects: DeclaredProject[]
  /** the `http:` section (connection limits); unset ones take http-limits.ts's defaults */
  http?: HttpSpec
  /** what one request may make the server do (limits-spec.ts) */
  limits: RequestLimits
  /** the `self_check:` section: ping a dead man's switch while the loops work; absent: off */
  selfCheck?: SelfCheckSpec
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
  let file: ConfigFileSettings | null = null
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
    metricsPublic: file?.metrics?.public ?? false,
    ...sectionsOf(file),
    projects: declaredProjects(file),
    ...(file?.http && { http: file.http }),
    limits: file?.limits ?? DEFAULT_LIMITS,
    ...(file?.self_check && { selfCheck: file.self_check }),
  }
}
