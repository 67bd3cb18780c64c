// Splitting long value lists so one statement stays within the drivers' parameter limits.

/** Values bound in one `in (…)` list. */
export const MAX_IN = 10_000

export function chunks<T>(rows: T[], size: number): T[][] {
  const out: T[][] = []
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size))
  return out
}
