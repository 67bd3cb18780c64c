// Project slug ↔ id. Until the projects table (migration 0009) lands the only project is
// 1 `default`; the projects work replaces these two with store lookups (hence the unused store).
export const DEFAULT_PROJECT = { id: 1, slug: 'default' } as const

export async function projectIdOf(_store: unknown, slug: string): Promise<number | null> {
  return slug === DEFAULT_PROJECT.slug ? DEFAULT_PROJECT.id : null
}

export async function projectSlugsOf(_store: unknown, ids: number[]): Promise<Map<number, string>> {
  return new Map(ids.map((id) => [id, id === DEFAULT_PROJECT.id ? DEFAULT_PROJECT.slug : `#${id}`]))
}
