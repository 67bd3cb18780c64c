// Checks on the file's raw data that the schema can't express per item: required names and
// uniqueness across a list, and policy names usable in a URL.

import { ENVIRONMENT_NAME_HINT, ENVIRONMENT_NAME_RE } from './policy-spec.js'
import type { Problem } from './problems.js'

/** A missing (when required) or repeated `key` in the items of the list `list`. */
export function uniqueness(
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
export function policyNames(raw: Record<string, unknown>, problems: Problem[]): void {
  const policies = raw.policies
  if (typeof policies !== 'object' || policies === null || Array.isArray(policies)) return
  for (const name of Object.keys(policies)) {
    if (!ENVIRONMENT_NAME_RE.test(name)) {
      problems.push({ path: ['policies', name], message: `environment name ${ENVIRONMENT_NAME_HINT}` })
    }
  }
}
