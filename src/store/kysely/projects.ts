// ProjectStore on Kysely (queries in projects-queries.ts).
import { reportDuplicates } from '../duplicate-error.js'
import * as q from '../projects-queries.js'
import type { ProjectStore } from '../roles/project-store.js'
import { onConnection, type RoleMethods } from './store-context.js'

export const projectMethods = {
  ...onConnection({
    listProjects: q.listProjects,
    getProject: q.getProject,
    projectCounts: q.projectCounts,
    // a slug or ping key another project has
    createProject: reportDuplicates(q.createProject),
    updateProject: reportDuplicates(q.updateProject),
  }),
  deleteProject: (store, id) => store.withTransaction((tx) => q.deleteProject(tx.db, id)),
} satisfies RoleMethods<ProjectStore>
