// The notification channels in force, from the channels table (config file and API alike).
// Routing an alert reads the table in the alert's own transaction (current), so a channel another
// instance just created is never missed; the in-memory list (list) serves the dispatcher, digests
// and silences and is reloaded on every change any instance commits (the store's change feed)
// and every 30 s as a backstop. A stored channel that no longer parses (an environment variable
// gone, say) is skipped, logged once, and kept with its error for GET /channels.
import type { z } from 'zod'
import { type ChannelSpec, channelSpecSchema } from '../config/channel-spec.js'
import { formatZodIssues } from '../config/problems.js'
import type { Logger } from '../log.js'
import type { ChannelStore, StoredChannel } from '../store/roles/channel-store.js'

/** A usable channel and the project whose alerts it carries (names are unique per project). */
export type ProjectChannel = ChannelSpec & { projectId: number }

export interface ChannelEntry {
  stored: StoredChannel
  /** null when the stored map cannot be used */
  spec: ProjectChannel | null
  /** why it cannot be used, or null */
  error: string | null
}

export interface ChannelRegistryOptions {
  store: ChannelStore
  log: Logger
  /** resolves `*_env` references; default process.env */
  env?: NodeJS.ProcessEnv
  reloadMs?: number
}

export type ParsedChannel = { ok: true; spec: ChannelSpec } | { ok: false; error: z.ZodError }

export class ChannelRegistry {
  private entries: ChannelEntry[] = []
  private specs: ProjectChannel[] = []
  private timer: NodeJS.Timeout | null = null
  private inFlight: Promise<void> | null = null
  private started = 0
  private applied = 0
  /** project/name → the error last logged for it */
  private readonly logged = new Map<string, string>()
  /** parsed entries by project/name, reused while the stored row is unchanged */
  private readonly parsed = new Map<string, { key: string; entry: ChannelEntry }>()

  constructor(private readonly opts: ChannelRegistryOptions) {}

  /** Parses a flat map the way stored channels are parsed. */
  parse(map: Record<string, unknown>): ParsedChannel {
    const r = channelSpecSchema(this.opts.env ?? process.env).safeParse(map)
    return r.success ? { ok: true, spec: r.data } : { ok: false, error: r.error }
  }

  async load(): Promise<void> {
    const seq = ++this.started
    const rows = await this.opts.store.listChannels()
    // a slower, older load never overwrites a newer one
    if (seq < this.applied) return
    this.applied = seq
    this.entries = rows.map((stored) => this.cachedEntry(stored))
    this.specs = this.entries.flatMap((e) => (e.spec ? [e.spec] : []))
    for (const id of this.logged.keys()) {
      if (!this.entries.some((e) => entryId(e.stored) === id && e.error !== null)) this.logged.delete(id)
    }
  }

  /** The usable channels as stored now, read through `store` (a transaction: what it sees). */
  async current(store: Pick<ChannelStore, 'listChannels'>): Promise<ProjectChannel[]> {
    const rows = await store.listChannels()
    return rows.flatMap((stored) => {
      const { spec } = this.cachedEntry(stored)
      return spec ? [spec] : []
    })
  }

  /** The usable channels of every project (synchronous: the last load). */
  list(): ProjectChannel[] {
    return this.specs
  }

  /** The usable channels of one project. */
  listOf(projectId: number): ProjectChannel[] {
    return this.specs.filter((c) => c.projectId === projectId)
  }

  /** Every stored channel, usable or not. */
  all(): ChannelEntry[] {
    return this.entries
  }

  find(projectId: number, name: string): ChannelEntry | undefined {
    return this.entries.find((e) => e.stored.projectId === projectId && e.stored.name === name)
  }

  start(): void {
    if (this.timer) return
    this.timer = setInterval(() => {
      this.inFlight ??= this.load()
        .catch((err) => this.opts.log.error('reloading the channels failed', { error: err }))
        .finally(() => {
          this.inFlight = null
        })
    }, this.opts.reloadMs ?? 30_000)
    this.timer.unref()
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer)
    this.timer = null
    await this.inFlight
  }

  private cachedEntry(stored: StoredChannel): ChannelEntry {
    // the row and the environment variables it names (one may be set or unset since)
    const env = this.opts.env ?? process.env
    const refs = Object.entries(stored.spec).flatMap(([k, v]) =>
      k.endsWith('_env') && typeof v === 'string' ? [env[v] ?? null] : [],
    )
    const key = JSON.stringify([stored.updatedAt, stored.kind, stored.spec, refs])
    const known = this.parsed.get(entryId(stored))
    if (known?.key === key) return known.entry
    const entry = this.entryOf(stored)
    if (this.parsed.size > 10_000) this.parsed.clear()
    this.parsed.set(entryId(stored), { key, entry })
    return entry
  }

  private entryOf(stored: StoredChannel): ChannelEntry {
    const parsed = this.parse({ ...stored.spec, name: stored.name })
    if (parsed.ok) return { stored, spec: { ...parsed.spec, projectId: stored.projectId }, error: null }
    const error = formatZodIssues(parsed.error).join('; ')
    if (this.logged.get(entryId(stored)) !== error) {
      this.logged.set(entryId(stored), error)
      this.opts.log.error('channel cannot be used; it is skipped until fixed', {
        channel: stored.name,
        project: stored.projectId,
        error,
      })
    }
    return { stored, spec: null, error }
  }
}

function entryId(stored: StoredChannel): string {
  return `${stored.projectId}/${stored.name}`
}
