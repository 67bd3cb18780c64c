// Project slug ↔ id, for the places that name projects by slug (sessions, users, headers).
import type { ProjectStore } from '../store/roles/project-store.js'

export async function projectIdOf(
  store: Pick<ProjectStore, 'getProject'>,
  slug: string,
): Promise<number | null> {
  return (await store.getProject({ slug }))?.id ?? null
}

/** id → slug of the given projects (ids of projects since deleted map to `#<id>`). */
export async function projectSlugsOf(
  store: Pick<ProjectStore, 'listProjects'>,
  ids: number[],
): Promise<Map<number, string>> {
  const slugs = new Map((await store.listProjects()).map((p) => [p.id, p.slug]))
  return new Map(ids.map((id) => [id, slugs.get(id) ?? `#${id}`]))
}
