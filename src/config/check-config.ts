// `backwatch check-config [FILE]`: validates a config file without starting anything.
import { resolve } from 'node:path'
import { DEFAULT_CONFIG_FILE } from './config.js'
import { readConfigFile } from './config-file.js'

export type CheckConfigResult = { ok: true; summary: string } | { ok: false; problems: string[] }

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`
}

/**
 * Validates the config file at `path` (default `backwatch.yaml`; relative to `cwd`). `env` is used
 * for `token_env` lookups. On success the summary reads like
 * `backwatch.yaml: OK (3 servers, 12 jobs, 2 tokens, 1 channel, 0 silences)`.
 */
export function checkConfigFile(
  path: string = DEFAULT_CONFIG_FILE,
  env: NodeJS.ProcessEnv = process.env,
  cwd: string = process.cwd(),
): CheckConfigResult {
  const { settings, problems } = readConfigFile(resolve(cwd, path), env, cwd)
  if (problems.length > 0 || settings === null) {
    return { ok: false, problems: problems.map((p) => p.replace(resolve(cwd, path), path)) }
  }
  const parts = [
    count(settings.servers?.length ?? 0, 'server'),
    count(settings.jobs?.length ?? 0, 'job'),
    count(settings.tokens?.length ?? 0, 'token'),
    count(settings.channels?.length ?? 0, 'channel'),
    count(settings.silences?.length ?? 0, 'silence'),
  ]
  return { ok: true, summary: `${path}: OK (${parts.join(', ')})` }
}
