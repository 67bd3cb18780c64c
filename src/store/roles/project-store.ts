// Projects: their identity and ping key. Not scoped: the registry of every project.
import type { ProjectRecord } from '../../domain/projects.js'

export type ProjectRef = { id: number } | { slug: string } | { pingKey: string }

export type NewProject = Pick<ProjectRecord, 'slug' | 'name' | 'pingKey' | 'source'>

export interface ProjectStore {
  listProjects(): Promise<ProjectRecord[]>
  getProject(ref: ProjectRef): Promise<ProjectRecord | null>
  /** Throws DuplicateError when the slug or ping key is taken. */
  createProject(p: NewProject, now: number): Promise<ProjectRecord>
  /** Null when there is no such project; DuplicateError when the slug or key is taken. */
  updateProject(id: number, patch: Partial<NewProject>, now: number): Promise<ProjectRecord | null>
  /** Deletes the project and everything in it (jobs, runs, servers, alerts, …). */
  deleteProject(id: number): Promise<boolean>
  /** What the project holds, for a deletion's confirmation. */
  projectCounts(id: number): Promise<{ jobs: number; servers: number; tokens: number }>
}
