// Every stored policy in memory (there are few: one per project and environment), so the rules and the API
// can read the policies and job defaults synchronously. Whoever changes a policy (PUT/DELETE
// /api/v1/policies, applying the config file) calls invalidate() and then load().
//
// Lookup: the job's environment's policy, else the `default` policy, else none (the store joins
// the same into every JobRecord's effective policy). Job defaults: the
// environment's job_defaults, else the `default` policy's, else none.
import { DEFAULT_ENVIRONMENT } from '../config/policy-spec.js'
import type { StoredPolicy } from '../domain/records.js'
import { specColumns } from '../store/job-spec-columns.js'
import type { JobSettingsPatch } from '../store/roles/job-store.js'
import type { PolicyStore } from '../store/roles/policy-store.js'

const NONE: ReadonlyMap<string, StoredPolicy> = new Map()

export class PolicyCache {
  /** by project, then environment */
  private byProject: Map<number, Map<string, StoredPolicy>> | null = null
  /** bumped by invalidate(); a load that started before the bump does not count as fresh */
  private generation = 0
  private loadedGeneration = -1
  private loading: { generation: number; done: Promise<void> } | null = null

  constructor(private readonly store: PolicyStore) {}

  /** Reads every policy unless what is loaded is still fresh. Concurrent calls share one read. */
  async load(): Promise<void> {
    while (this.loadedGeneration !== this.generation) {
      if (this.loading === null || this.loading.generation !== this.generation) {
        const generation = this.generation
        const done = this.store.listPolicies().then(
          (list) => {
            // a newer load may have finished first
            if (generation >= this.loadedGeneration) {
              const byProject = new Map<number, Map<string, StoredPolicy>>()
              for (const p of list) {
                const own = byProject.get(p.projectId) ?? new Map<string, StoredPolicy>()
                own.set(p.environment, p)
                byProject.set(p.projectId, own)
              }
              this.byProject = byProject
              this.loadedGeneration = generation
            }
          },
          (err: unknown) => {
            if (this.loading?.done === done) this.loading = null
            throw err
          },
        )
        this.loading = { generation, done }
      }
      await this.loading.done
    }
  }

  /** Marks what is loaded as stale: the next load() reads again. Lookups keep answering from it. */
  invalidate(): void {
    this.generation++
  }

  /** The project's stored policies by environment (loaded). */
  policies(projectId: number): ReadonlyMap<string, StoredPolicy> {
    return this.loaded(projectId)
  }

  /** The stored policy that governs the project's jobs of `environment`: its own, else `default`, else null. */
  policy(projectId: number, environment: string | null): StoredPolicy | null {
    const map = this.loaded(projectId)
    return (environment !== null ? map.get(environment) : undefined) ?? map.get(DEFAULT_ENVIRONMENT) ?? null
  }

  /** Columns a job created for `environment` by a report or a ping starts with. */
  jobDefaults(projectId: number, environment: string | null): JobSettingsPatch {
    const map = this.loaded(projectId)
    const spec =
      (environment !== null ? map.get(environment)?.jobDefaults : null) ??
      map.get(DEFAULT_ENVIRONMENT)?.jobDefaults
    return spec ? specColumns(spec) : {}
  }

  private loaded(projectId: number): ReadonlyMap<string, StoredPolicy> {
    if (this.byProject === null) throw new Error('PolicyCache used before load()')
    return this.byProject.get(projectId) ?? NONE
  }
}
