// File-wide checks of `projects:` (issue 12): each project's sections as the top level's, a slug
// present and unique (not `default`: the top level is the default project), and what is unique
// in the whole installation unique in the whole file: ping keys, job uuids, token values.
// Secrets (ping keys, tokens) are never quoted.
import { DEFAULT_PROJECT_SLUG } from '../domain/projects.js'
import { isRecord, type Located, listValues, repeats, sectionChecks } from './file-checks.js'
import type { ConfigFileSettings } from './file-schema.js'
import type { Problem } from './problems.js'

type Raw = Record<string, unknown>

/** The top level (the default project) and each project entry, with the path of its sections. */
function projectsOf(raw: Raw): { raw: Raw; prefix: PropertyKey[] }[] {
  const list = Array.isArray(raw.projects) ? raw.projects : []
  return [
    { raw, prefix: [] },
    ...list.flatMap((p, i) => (isRecord(p) ? [{ raw: p, prefix: ['projects', i] }] : [])),
  ]
}

export function projectChecks(raw: Raw, problems: Problem[]): void {
  const all = projectsOf(raw)
  for (const { raw: project, prefix } of all.slice(1)) {
    sectionChecks(project, problems, prefix)
    if (project.slug === undefined) problems.push({ path: [...prefix, 'slug'], message: 'required' })
    if (project.slug === DEFAULT_PROJECT_SLUG)
      problems.push({
        path: [...prefix, 'slug'],
        message: 'the top level of the file is the default project: declare its jobs there',
      })
  }
  repeats(
    listValues(raw, 'projects', 'slug'),
    problems,
    (first, v) => `duplicate slug "${v}", already used by ${first}`,
  )
  const pingKeys = all.flatMap(({ raw: p, prefix }) =>
    typeof p.ping_key === 'string' ? [{ path: [...prefix, 'ping_key'], value: p.ping_key }] : [],
  )
  repeats(pingKeys, problems, (first) => `the same ping key as ${first === '' ? 'the top level' : first}`)
  // uuids are unique in the whole installation (/ping/<uuid> is global)
  const uuids = all.flatMap(({ raw: p, prefix }) => listValues(p, 'jobs', 'uuid', prefix))
  repeats(
    uuids,
    problems,
    (first, v) => `duplicate uuid "${v}", already used by ${first}`,
    (v) => v.toLowerCase(),
  )
}

/** A token value given twice (by value or environment variable): a token belongs to one project. */
export function tokenValueChecks(raw: Raw, settings: ConfigFileSettings, problems: Problem[]): void {
  const parsed = [
    { tokens: settings.tokens, prefix: [] as PropertyKey[] },
    ...(settings.projects ?? []).map((p, i) => ({
      tokens: p.tokens,
      prefix: ['projects', i] as PropertyKey[],
    })),
  ]
  const entries: Located[] = parsed.flatMap(({ tokens, prefix }) =>
    (tokens ?? []).map((t, i) => {
      const rawItem = rawAt(raw, [...prefix, 'tokens', i])
      const key = rawItem && rawItem.token_env !== undefined ? 'token_env' : 'token'
      return { path: [...prefix, 'tokens', i, key], value: t.token }
    }),
  )
  repeats(entries, problems, (first) => `the same token as ${first} (a token belongs to one project)`)
}

function rawAt(raw: unknown, path: PropertyKey[]): Raw | null {
  let node = raw
  for (const seg of path) {
    if (Array.isArray(node) && typeof seg === 'number') node = node[seg]
    else if (isRecord(node)) node = node[String(seg)]
    else return null
  }
  return isRecord(node) ? node : null
}
