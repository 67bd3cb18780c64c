// Use case: delete a project and everything in it (jobs, runs, servers, alerts, channels,
// silences, policies, tokens, memberships). The default project stays; one that still has jobs or
// servers needs ?force=1, so a typo in a slug cannot wipe a fleet.
import { DEFAULT_PROJECT_ID } from '../domain/projects.js'
import { HttpError } from '../http/http-error.js'
import type { AuditRecorder } from '../store/roles/audit-store.js'
import type { ApiDeps } from './api-deps.js'
import { conflict } from './api-errors.js'
import { findProject, projectTarget } from './change-project.js'

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`
}

/** Audited in the request's project (the deleted one's log goes with it). */
export async function deleteProject(
  deps: ApiDeps,
  ref: string,
  force: boolean,
  audit: AuditRecorder,
): Promise<void> {
  await deps.store.transaction(async (tx) => {
    const project = await findProject(tx, ref)
    if (project.id === DEFAULT_PROJECT_ID) throw conflict('the default project cannot be deleted')
    const counts = await tx.projectCounts(project.id)
    if (!force && counts.jobs + counts.servers > 0)
      throw new HttpError(
        409,
        'conflict',
        `project "${project.slug}" still has ${plural(counts.jobs, 'job')} and ${plural(counts.servers, 'server')}: ` +
          'delete them first, or pass ?force=1 to delete the project with everything in it',
        counts,
      )
    await tx.deleteProject(project.id)
    await audit(tx, { action: 'project.deleted', target: projectTarget(project), details: counts })
    // every instance reloads its ping keys and channels (server/loops.ts followChanges)
    await tx.publish('projects')
  })
  deps.policies.invalidate()
  await deps.policies.load()
}
