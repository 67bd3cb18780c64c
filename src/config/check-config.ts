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
 * `backwatch.yaml: OK (3 servers, 12 jobs, 2 tokens, 1 channel, 0 silences)`; with `projects:`
 * the counts are the whole file's and the projects are counted too (`…, 2 projects`).
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
  const all = [settings, ...(settings.projects ?? [])]
  const total = (key: 'servers' | 'jobs' | 'tokens' | 'channels' | 'silences') =>
    all.reduce((n, p) => n + (p[key]?.length ?? 0), 0)
  const parts = [
    count(total('servers'), 'server'),
    count(total('jobs'), 'job'),
    count(total('tokens'), 'token'),
    count(total('channels'), 'channel'),
    count(total('silences'), 'silence'),
    ...(settings.projects?.length ? [count(settings.projects.length, 'project')] : []),
  ]
  return { ok: true, summary: `${path}: OK (${parts.join(', ')})` }
}
