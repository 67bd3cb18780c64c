// A store is bound to one project (what the API hands a request: it cannot see or touch another
// project's rows) or to none (the engine's loops, which work across every project).
export type Scope = number | null

/** The project a new row goes to: only a store bound to a project creates rows. */
export function projectOf(scope: Scope, what: string): number {
  if (scope === null) throw new Error(`creating ${what} needs a store bound to a project`)
  return scope
}
