// A request over one of the configured limits (config `limits:`) is refused whole, before
// anything is written. The API answers 413 (too many entries) or 422 (too many jobs to create)
// and names the setting to raise.
import type { RequestLimits } from '../config/limits-spec.js'

export interface EntriesOverLimit {
  limit: Exclude<keyof RequestLimits, 'jobsPerRequest'>
  /** what was counted, e.g. "profiles" */
  what: string
  /** what held them, e.g. "the resticprofile status file" */
  source: string
  count: number
  max: number
}

/** A tool output with more profiles, runs or snapshots than one request may carry. */
export class TooManyEntries extends Error {
  override name = 'TooManyEntries'
  constructor(readonly over: EntriesOverLimit) {
    super(`${over.source} has ${over.count} ${over.what}, more than the ${over.max} allowed`)
  }
}

/** A run report that would create more jobs than one request may create. */
export class TooManyJobs extends Error {
  override name = 'TooManyJobs'
  constructor(
    readonly count: number,
    readonly max: number,
  ) {
    super(`the report would create ${count} jobs, more than the ${max} allowed`)
  }
}
