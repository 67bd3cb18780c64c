// A write that would give a second row a taken unique key (a job's slug or uuid, a server's,
// silence's or token's name): callers see this error, not the database's codes.

export class DuplicateError extends Error {
  constructor(cause: Error) {
    // the database's message (which key) kept, for logs and the CLI
    super(cause.message, { cause })
    this.name = 'DuplicateError'
  }
}

/** SQLite and PostgreSQL report a unique-constraint violation with these codes. */
function isUniqueViolation(err: unknown): err is Error {
  const code = (err as { code?: unknown } | null)?.code
  return err instanceof Error && (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === '23505')
}

/** The write, with a unique-key violation thrown as a DuplicateError. */
export function reportDuplicates<A extends unknown[], T>(write: (...args: A) => Promise<T>) {
  return async (...args: A): Promise<T> => {
    try {
      return await write(...args)
    } catch (err) {
      throw isUniqueViolation(err) ? new DuplicateError(err) : err
    }
  }
}
