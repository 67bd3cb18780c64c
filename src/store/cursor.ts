// Opaque, URL-safe keyset cursors: base64url of [sortKey, id].

export class CursorError extends Error {}

export function encodeCursor(sortKey: number, id: number): string {
  return Buffer.from(JSON.stringify([sortKey, id])).toString('base64url')
}

export function decodeCursor(cursor: string): { sortKey: number; id: number } {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
    if (Array.isArray(value) && value.length === 2 && value.every((v) => Number.isSafeInteger(v))) {
      return { sortKey: value[0] as number, id: value[1] as number }
    }
  } catch {
    // fall through to the error below
  }
  throw new CursorError('invalid cursor')
}

/** Given limit+1 fetched rows, the page and the cursor of its last item. */
export function pageOf<T>(
  rows: T[],
  limit: number,
  key: (row: T) => { sortKey: number; id: number },
): { items: T[]; nextCursor: string | null } {
  if (rows.length <= limit) return { items: rows, nextCursor: null }
  const items = rows.slice(0, limit)
  const last = key(items[items.length - 1]!)
  return { items, nextCursor: encodeCursor(last.sortKey, last.id) }
}

/** Rows to fetch for a page: one more than asked, to know whether another page follows. */
export function fetchLimit(page: { limit: number }): number {
  if (!Number.isSafeInteger(page.limit) || page.limit < 1) {
    throw new RangeError(`page limit must be a positive integer, got ${page.limit}`)
  }
  return page.limit + 1
}
