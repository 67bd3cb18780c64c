// What the config file declares for one project: the top level for the default project, each
// entry of `projects:` for another (issue 12). Applied at start by app/config/.
import type { TokenScope } from '../domain/access.js'
import type { ChannelSpec } from './channel-spec.js'
import type { ConfigFileSettings } from './file-schema.js'
import type { JobSpec } from './job-spec.js'
import type { PolicySpec } from './policy-spec.js'
import type { ServerSpec } from './server-spec.js'
import type { SilenceSpec } from './silence-spec.js'

/** A job declared in the config file: its slug is always present. */
export type DeclaredJob = JobSpec & { slug: string }
/** A server declared in the config file: its name is always present. */
export type DeclaredServer = ServerSpec & { name: string }

export interface ProjectSections {
  tokens: { name: string; scope: TokenScope; token: string }[]
  servers: DeclaredServer[]
  jobs: DeclaredJob[]
  /**
   * environment → policy (rule settings and the job_defaults of jobs created by a report or
   * ping); `default` applies to jobs whose environment has no policy and to jobs without one
   */
  policies: Record<string, PolicySpec>
  /** notification channels: routing keys parsed, the kind's settings kept for its notifier */
  channels: ChannelSpec[]
  /** named silences with a fixed end, kept in the store with source `config` */
  silences: SilenceSpec[]
}

/** An entry of `projects:`: found by its slug, created when missing. */
export interface DeclaredProject extends ProjectSections {
  slug: string
  /** null: the slug (when created), else left as it is */
  name: string | null
  /** null: the stored key is kept (a random one for a new project) */
  pingKey: string | null
}

type FileSections = Pick<
  ConfigFileSettings,
  'tokens' | 'servers' | 'jobs' | 'policies' | 'channels' | 'silences'
>

export function sectionsOf(file: FileSections | null | undefined): ProjectSections {
  return {
    tokens: file?.tokens ?? [],
    // slug/name presence is checked with the file: a file with a job lacking its slug never gets here
    servers: (file?.servers ?? []) as DeclaredServer[],
    jobs: (file?.jobs ?? []) as DeclaredJob[],
    policies: file?.policies ?? {},
    channels: file?.channels ?? [],
    silences: file?.silences ?? [],
  }
}

export function declaredProjects(file: ConfigFileSettings | null): DeclaredProject[] {
  return (file?.projects ?? []).map((p) => ({
    slug: p.slug!,
    name: p.name ?? null,
    pingKey: p.ping_key ?? null,
    ...sectionsOf(p),
  }))
}
