// Ping key → project, in memory: a slug ping (/ping/<ping_key>/<slug>) finds its project without
// a query. A key not known is looked up again at most once a second (a project another instance
// just created, or a key just changed), so random keys cannot make every ping read the database.
import type { Clock } from '../clock.js'
import type { ProjectStore } from '../store/roles/project-store.js'

const MISS_RELOAD_MS = 1_000

export class ProjectKeys {
  private byKey = new Map<string, number>()
  private loadedAt = Number.NEGATIVE_INFINITY
  private loading: Promise<void> | null = null

  constructor(
    private readonly store: Pick<ProjectStore, 'listProjects'>,
    private readonly clock: Clock,
  ) {}

  /** Reads every project's key (at start, and when projects change). */
  load(): Promise<void> {
    this.loading ??= this.store
      .listProjects()
      .then((projects) => {
        this.byKey = new Map(projects.map((p) => [p.pingKey, p.id]))
        this.loadedAt = this.clock.now()
      })
      .finally(() => {
        this.loading = null
      })
    return this.loading
  }

  /** The project whose ping key this is, or null. */
  async projectOf(key: string): Promise<number | null> {
    const known = this.byKey.get(key)
    if (known !== undefined) return known
    if (this.clock.now() - this.loadedAt < MISS_RELOAD_MS) return null
    await this.load()
    return this.byKey.get(key) ?? null
  }
}
