// Parses a request's input (API JSON, dashboard forms) with a zod schema; failures become 400
// invalid_request listing every problem.
import type { z } from 'zod'
import { formatPath, formatProblem, type Problem, zodIssuesToProblems } from '../config/problems.js'
import { HttpError } from '../http/http-error.js'

/** How many problems the message spells out; `details` always has all of them. */
const SHOWN = 3

/**
 * 400 invalid_request; the message spells out the first problems
 * (`schedule.cron: invalid cron expression "0 25 * * *"`), `details` lists all as {path, message}.
 */
export function invalidRequest(problems: Problem[]): HttpError {
  const details = problems.map((p) => ({ path: formatPath(p.path), message: p.message }))
  const more = problems.length > SHOWN ? ` (and ${problems.length - SHOWN} more)` : ''
  const message =
    problems
      .slice(0, SHOWN)
      .map((p) => formatProblem(p))
      .join('; ') + more
  return new HttpError(400, 'invalid_request', message, details)
}

/** Parses `input`; `required` top-level keys must be present (the schemas make every key optional). */
export function parseInput<S extends z.ZodType>(
  schema: S,
  input: Record<string, unknown>,
  required: readonly string[] = [],
): z.output<S> {
  const problems: Problem[] = required
    .filter((k) => input[k] === undefined)
    .map((k) => ({ path: [k], message: 'required' }))
  const result = schema.safeParse(input)
  if (!result.success) problems.push(...zodIssuesToProblems(result.error))
  if (problems.length > 0 || !result.success) throw invalidRequest(problems)
  return result.data
}
