// The config file's `projects:` (issue 12): each project is found by its slug or created (source
// `config`), its name and configured ping key written (without one, the stored key stays or a
// random one is made), then its sections applied in it as the top level's are in the default
// project. A config project no longer in the file is kept with everything in it (deleting a
// fleet because a file lost some lines would be a disaster): a warning says so.
import type { DeclaredProject } from '../../config/project-sections.js'
import type { ProjectRecord } from '../../domain/projects.js'
import type { Logger } from '../../log.js'
import { DuplicateError } from '../../store/duplicate-error.js'
import type { AuditRecorder } from '../../store/roles/audit-store.js'
import type { NewProject, ProjectStore } from '../../store/roles/project-store.js'
import type { Store } from '../../store/store.js'
import { configRecorder } from '../audit-trail.js'
import { newPingKey } from '../projects/new-ping-key.js'
import { applyConfig } from './apply-config.js'
import { applySilences } from './apply-silences.js'

export async function applyProjects(
  store: Store,
  declared: DeclaredProject[],
  now: number,
  log: Logger,
  audit: AuditRecorder = configRecorder(null, now),
): Promise<void> {
  let changed = false
  for (const [i, spec] of declared.entries()) {
    const { project, written } = await ensureProject(store, spec, i, now)
    changed ||= written
    const scoped = store.inProject(project.id)
    // a project of the file: its jobs are the file's
    await applyConfig(scoped, spec, now, { audit, fromFile: true })
    await applySilences(scoped, spec.silences, now, audit)
  }
  const slugs = new Set(declared.map((p) => p.slug))
  for (const p of await store.listProjects()) {
    if (p.source === 'config' && !slugs.has(p.slug))
      log.warn(
        `project "${p.slug}" is no longer in the config file; kept with everything in it ` +
          `(DELETE /api/v1/projects/${p.slug}?force=1 deletes it)`,
        { project: p.slug },
      )
  }
  // the other instances reload their ping keys
  if (changed) await store.publish('projects')
}

async function ensureProject(
  store: ProjectStore,
  spec: DeclaredProject,
  index: number,
  now: number,
): Promise<{ project: ProjectRecord; written: boolean }> {
  const existing = await store.getProject({ slug: spec.slug })
  if (spec.pingKey !== null && spec.pingKey !== existing?.pingKey) {
    const holder = await store.getProject({ pingKey: spec.pingKey })
    if (holder)
      throw new Error(`config file: projects[${index}].ping_key is the ping key of project "${holder.slug}"`)
  }
  if (!existing) {
    const fresh: NewProject = {
      slug: spec.slug,
      name: spec.name ?? spec.slug,
      pingKey: spec.pingKey ?? newPingKey(),
      source: 'config',
    }
    try {
      return { project: await store.createProject(fresh, now), written: true }
    } catch (err) {
      // another instance starting with the same file made it first
      const made = err instanceof DuplicateError ? await store.getProject({ slug: spec.slug }) : null
      if (!made) throw err
      return ensureProject(store, spec, index, now)
    }
  }
  const patch: Partial<NewProject> = {
    ...(spec.name !== null && spec.name !== existing.name && { name: spec.name }),
    ...(spec.pingKey !== null && spec.pingKey !== existing.pingKey && { pingKey: spec.pingKey }),
    ...(existing.source !== 'config' && { source: 'config' as const }),
  }
  if (Object.keys(patch).length === 0) return { project: existing, written: false }
  const updated = await store.updateProject(existing.id, patch, now)
  return { project: updated ?? existing, written: true }
}
