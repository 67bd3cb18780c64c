// One page of a keyset-paginated list (the cursor is opaque: see cursor.ts).

export interface Page<T> {
  items: T[]
  nextCursor: string | null
}

export interface PageRequest {
  limit: number
  cursor: string | null
}
