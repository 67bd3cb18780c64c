// A problem found while checking input: where (key path) and what, and its one-line form
// `jobs[2].schedule.cron: invalid cron expression "0 25 * * *" (line 31)`.
import type { z } from 'zod'

const PLAIN_KEY_RE = /^[A-Za-z_][A-Za-z0-9_-]*$/

/** `['jobs', 2, 'schedule', 'cron']` → `jobs[2].schedule.cron`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = ''
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`
    else {
      const key = String(seg)
      if (PLAIN_KEY_RE.test(key)) out += out === '' ? key : `.${key}`
      else out += `[${JSON.stringify(key)}]`
    }
  }
  return out
}

/** One problem: where (key path) and what. */
export interface Problem {
  path: PropertyKey[]
  message: string
}

/** Flattens zod issues into problems; an unknown-keys issue becomes one problem per key. */
export function zodIssuesToProblems(error: z.ZodError): Problem[] {
  const out: Problem[] = []
  for (const issue of error.issues) {
    const path = [...issue.path]
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) out.push({ path: [...path, key], message: 'unknown key' })
    } else {
      out.push({ path, message: issue.message })
    }
  }
  return out
}

/**
 * `path: message` (or just `message` at the root), with ` (line N)` appended when `lines` maps the
 * path to a line.
 */
export function formatProblem(
  problem: Problem,
  lines?: (path: readonly PropertyKey[]) => number | undefined,
): string {
  const where = formatPath(problem.path)
  const line = lines?.(problem.path)
  return `${where === '' ? '' : `${where}: `}${problem.message}${line === undefined ? '' : ` (line ${line})`}`
}

/**
 * Messages `path: message` for every issue of a zod error, e.g.
 * `jobs[2].schedule.cron: invalid cron expression "0 25 * * *" (line 31)`. `lines` optionally maps
 * a key path to a source line.
 */
export function formatZodIssues(
  error: z.ZodError,
  lines?: (path: readonly PropertyKey[]) => number | undefined,
): string[] {
  return zodIssuesToProblems(error).map((p) => formatProblem(p, lines))
}
