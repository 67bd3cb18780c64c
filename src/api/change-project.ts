// Use cases: create, change and delete a project (instance admins). Every change is published on
// the `projects` topic, so every instance reloads its ping keys (app/project-keys.ts). A created
// or changed project's audit log records it (the deletion goes to the acting project's log).
import { newPingKey } from '../app/projects/new-ping-key.js'
import { target } from '../domain/audit.js'
import { DEFAULT_PROJECT_ID, type ProjectRecord } from '../domain/projects.js'
import type { AuditRecorder } from '../store/roles/audit-store.js'
import type { ProjectStore } from '../store/roles/project-store.js'
import type { ApiDeps } from './api-deps.js'
import { conflict, notFound } from './api-errors.js'
import type { ProjectPatchInput } from './project-input.js'

/** A path's project: an id, else a slug (a slug may be all digits), or 404. */
export async function findProject(store: ProjectStore, ref: string): Promise<ProjectRecord> {
  const id = /^\d{1,15}$/.test(ref) ? Number(ref) : null
  const found =
    (id !== null ? await store.getProject({ id }) : null) ?? (await store.getProject({ slug: ref }))
  if (!found) throw notFound('project')
  return found
}

export const projectTarget = (p: ProjectRecord) => target('project', p.id, p.slug)

async function slugFree(store: ProjectStore, slug: string): Promise<void> {
  const other = await store.getProject({ slug })
  if (other) throw conflict(`a project with slug "${slug}" exists (id ${other.id})`)
}

export async function createProject(
  deps: ApiDeps,
  input: { slug: string; name?: string | undefined },
  audit: AuditRecorder,
): Promise<ProjectRecord> {
  return deps.store.transaction(async (tx) => {
    await slugFree(tx, input.slug)
    const p = {
      slug: input.slug,
      name: input.name ?? input.slug,
      pingKey: newPingKey(),
      source: 'api',
    } as const
    const created = await tx.createProject(p, deps.clock.now())
    await audit(tx.inProject(created.id), { action: 'project.created', target: projectTarget(created) })
    await tx.publish('projects')
    return created
  })
}

export async function updateProject(
  deps: ApiDeps,
  ref: string,
  patch: ProjectPatchInput,
  audit: AuditRecorder,
): Promise<ProjectRecord> {
  return deps.store.transaction(async (tx) => {
    const project = await findProject(tx, ref)
    const slug = patch.slug !== undefined && patch.slug !== project.slug ? patch.slug : undefined
    if (slug !== undefined) {
      if (project.id === DEFAULT_PROJECT_ID)
        throw conflict('the default project\'s slug cannot change (it is "default" on every installation)')
      if (project.source === 'config')
        throw conflict(
          `project "${project.slug}" is declared in the config file, which names it by its slug: change the slug there`,
        )
      await slugFree(tx, slug)
    }
    const updated = await tx.updateProject(
      project.id,
      {
        ...(slug !== undefined && { slug }),
        ...(patch.name !== undefined && { name: patch.name }),
        ...(patch.rotate_ping_key && { pingKey: newPingKey() }),
      },
      deps.clock.now(),
    )
    if (!updated) throw notFound('project')
    const fields = Object.keys(patch).sort()
    await audit(tx.inProject(updated.id), {
      action: 'project.updated',
      target: projectTarget(updated),
      details: { fields },
    })
    await tx.publish('projects')
    return updated
  })
}
