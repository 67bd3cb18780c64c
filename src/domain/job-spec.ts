// A job's writable settings once parsed (config file or API), shared by the layers that read and
// store them; config/job-spec.ts holds the schemas that produce it.
import type { PolicyOverride } from './policy.js'
import type { Retention, Schedule, Tool } from './types.js'

/** Writable fields of a Job, parsed. Keys absent in the input are absent here. */
export interface JobSpec {
  slug?: string
  name?: string
  server?: string | null
  environment?: string | null
  tags?: string[]
  tool?: Tool
  schedule?: Schedule
  /** milliseconds */
  grace?: number
  /** milliseconds, or null for none */
  maxDuration?: number | null
  warningExitCodes?: number[]
  /** `keep_within` in milliseconds, counts as given */
  retention?: Retention | null
  paused?: boolean
  /** the job's own policy override (null: none, the environment's policy applies) */
  policy?: PolicyOverride | null
  /** config file only: a fixed uuid (lowercased) */
  uuid?: string
}
