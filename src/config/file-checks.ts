// Checks on the file's raw data that the schema can't express per item: required names and
// uniqueness across a list, and policy names usable in a URL. Each project's sections are checked
// alike: the top level's (the default project) and those under projects[i].

import { ENVIRONMENT_NAME_HINT, ENVIRONMENT_NAME_RE } from './policy-spec.js'
import { formatPath, type Problem } from './problems.js'

type Raw = Record<string, unknown>

export function isRecord(v: unknown): v is Raw {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/** A value that must not repeat, where it was found. */
export interface Located {
  path: PropertyKey[]
  value: string
}

/** Every repeat of a value already seen (as `normalize` makes it) is a problem naming the first place. */
export function repeats(
  entries: Located[],
  problems: Problem[],
  message: (first: string, value: string) => string,
  normalize: (value: string) => string = (v) => v,
): void {
  const seen = new Map<string, PropertyKey[]>()
  for (const { path, value } of entries) {
    const first = seen.get(normalize(value))
    if (first === undefined) seen.set(normalize(value), path)
    else problems.push({ path, message: message(formatPath(first.slice(0, -1)), value) })
  }
}

/** The string `key` of each item of the list `list` (under `prefix`), with its path. */
export function listValues(raw: Raw, list: string, key: string, prefix: PropertyKey[] = []): Located[] {
  const items = raw[list]
  if (!Array.isArray(items)) return []
  return items.flatMap((item, i) => {
    const value = isRecord(item) ? item[key] : undefined
    return typeof value === 'string' ? [{ path: [...prefix, list, i, key], value }] : []
  })
}

/** A missing (when required) or repeated `key` in the items of the list `list`, in item order. */
function uniqueness(
  raw: Raw,
  list: string,
  key: string,
  required: boolean,
  problems: Problem[],
  prefix: PropertyKey[],
): void {
  const items = raw[list]
  if (!Array.isArray(items)) return
  const seen = new Map<string, number>()
  items.forEach((item, i) => {
    if (!isRecord(item)) return
    const value = item[key]
    const path = [...prefix, list, i, key]
    if (value === undefined && required) problems.push({ path, message: 'required' })
    if (typeof value !== 'string') return
    const first = seen.get(value)
    if (first === undefined) seen.set(value, i)
    else
      problems.push({
        path,
        message: `duplicate ${key} ${JSON.stringify(value)}, already used by ${formatPath([...prefix, list, first])}`,
      })
  })
}

/** Policy names must be usable in /api/v1/policies/{environment}. */
function policyNames(raw: Raw, problems: Problem[], prefix: PropertyKey[]): void {
  if (!isRecord(raw.policies)) return
  for (const name of Object.keys(raw.policies)) {
    if (!ENVIRONMENT_NAME_RE.test(name)) {
      problems.push({
        path: [...prefix, 'policies', name],
        message: `environment name ${ENVIRONMENT_NAME_HINT}`,
      })
    }
  }
}

/** The checks of one project's sections: the top level's (prefix []) or projects[i]'s. */
export function sectionChecks(raw: Raw, problems: Problem[], prefix: PropertyKey[] = []): void {
  uniqueness(raw, 'jobs', 'slug', true, problems, prefix)
  uniqueness(raw, 'servers', 'name', true, problems, prefix)
  uniqueness(raw, 'tokens', 'name', false, problems, prefix)
  uniqueness(raw, 'channels', 'name', false, problems, prefix)
  uniqueness(raw, 'silences', 'name', false, problems, prefix)
  policyNames(raw, problems, prefix)
}
