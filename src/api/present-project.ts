// Project → API representation. The ping key is a secret: shown to instance admins (every
// /projects route) and, for GET /project, to whoever sees ping secrets (domain/access.ts).
import { iso } from '../domain/job-alerts.js'
import type { ProjectRecord } from '../domain/projects.js'
import type { ProjectStore } from '../store/roles/project-store.js'

export function presentProject(p: ProjectRecord, withPingKey: boolean) {
  return {
    id: p.id,
    slug: p.slug,
    name: p.name,
    ...(withPingKey && { ping_key: p.pingKey }),
    source: p.source,
    created_at: iso(p.createdAt),
    updated_at: iso(p.updatedAt),
  }
}

/** What an instance admin sees: the project, its ping key and what it holds. */
export async function projectView(store: Pick<ProjectStore, 'projectCounts'>, p: ProjectRecord) {
  const counts = await store.projectCounts(p.id)
  return {
    ...presentProject(p, true),
    jobs_count: counts.jobs,
    servers_count: counts.servers,
    tokens_count: counts.tokens,
  }
}
